// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr - shared memory for a low-latency frame relay between a KVM guest
 * and its host, exposed as /dev/kvmfrN, with DMA-buf export of sub-ranges.
 *
 * Static mode (on the host): every entry of the static_size_mb parameter
 * creates a device backed by zeroed vmalloc memory, which QEMU maps with
 * memory-backend-file,mem-path=/dev/kvmfrN,share=on.
 *
 * PCI mode (in a guest): every ivshmem-plain device (1af4:1110) becomes a
 * device whose memory is the shared memory BAR.
 *
 * Lifetime: struct kvmfr_dev is reference counted through its struct device.
 * Open files and DMA-bufs each hold a reference (and, through fops->owner
 * and the DMA-buf owner, a module reference), so the memory outlives the
 * file that created a mapping or a DMA-buf.  When the PCI device is removed,
 * every user mapping of its BAR (through /dev/kvmfrN or a DMA-buf) is zapped,
 * so a later access faults (SIGBUS) instead of reaching a range the PCI core
 * may hand to another device; from then on no new mapping, DMA-buf or DMA
 * mapping is handed out (-ENODEV).
 */

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kvmfr.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/rwsem.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#define KVMFR_MAX_STATIC	10
#define KVMFR_MAX_DEVICES	32
#define KVMFR_PCI_DEVICE_ID	0x1110
#define KVMFR_PCI_BAR		2
/* largest DMA segment handed to an importer for BAR memory */
#define KVMFR_SEG_MAX		SZ_1G

static unsigned int static_size_mb[KVMFR_MAX_STATIC];
static unsigned int static_count;
module_param_array(static_size_mb, uint, &static_count, 0444);
MODULE_PARM_DESC(static_size_mb,
		 "Sizes in MiB of the static devices /dev/kvmfr0.. (up to 10)");

struct kvmfr_dev {
	struct device dev;
	struct cdev cdev;
	size_t size;
	void *vaddr;			/* static mode: vmalloc_user() memory */
	struct pci_dev *pdev;		/* PCI mode, NULL in static mode */
	phys_addr_t phys;		/* PCI mode: start of the BAR */
	struct rw_semaphore lock;	/* protects @gone */
	bool gone;			/* PCI device removed */
	struct mutex users_lock;	/* protects @files and @bufs */
	struct list_head files;		/* struct kvmfr_file: open files */
	struct list_head bufs;		/* struct kvmfr_buf: exported DMA-bufs */
};

/* An open /dev/kvmfrN: its mappings are zapped when the device goes. */
struct kvmfr_file {
	struct list_head node;
	struct file *filp;
	struct kvmfr_dev *kdev;
};

struct kvmfr_buf {
	struct kvmfr_dev *kdev;
	struct list_head node;		/* in @kdev->bufs once exported */
	struct file *file;		/* the DMA-buf's file, once exported */
	pgoff_t pgoff;			/* start in the device, in pages */
	size_t size;
	struct page **pages;		/* static mode only */
	struct mutex lock;		/* protects @attachments */
	struct list_head attachments;
};

struct kvmfr_attachment {
	struct list_head node;
	struct device *dev;
	struct sg_table *sgt;		/* while mapped, else NULL */
};

static dev_t kvmfr_devt;
static DEFINE_IDA(kvmfr_minors);
static struct kvmfr_dev *kvmfr_static[KVMFR_MAX_STATIC];

static struct class kvmfr_class = {
	.name = "kvmfr",
};

/*
 * Return with @kdev->lock held for reading unless the PCI device is gone.
 * Static devices never go away while they have users.
 */
static int kvmfr_dev_hold(struct kvmfr_dev *kdev)
{
	down_read(&kdev->lock);
	if (kdev->gone) {
		up_read(&kdev->lock);
		return -ENODEV;
	}
	return 0;
}

static void kvmfr_dev_unhold(struct kvmfr_dev *kdev)
{
	up_read(&kdev->lock);
}

/* Map the device memory starting at page @pgoff into the whole of @vma. */
static int kvmfr_mmap_pages(struct kvmfr_dev *kdev, struct vm_area_struct *vma,
			    pgoff_t pgoff)
{
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	if (kdev->vaddr)
		return remap_vmalloc_range(vma, kdev->vaddr, pgoff);

	ret = kvmfr_dev_hold(kdev);
	if (ret)
		return ret;
	ret = remap_pfn_range(vma, vma->vm_start, PHYS_PFN(kdev->phys) + pgoff,
			      vma->vm_end - vma->vm_start, vma->vm_page_prot);
	kvmfr_dev_unhold(kdev);
	return ret;
}

static int kvmfr_buf_attach(struct dma_buf *dmabuf,
			    struct dma_buf_attachment *attach)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_attachment *a;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->dev = attach->dev;
	attach->priv = a;

	mutex_lock(&buf->lock);
	list_add(&a->node, &buf->attachments);
	mutex_unlock(&buf->lock);
	return 0;
}

static void kvmfr_buf_detach(struct dma_buf *dmabuf,
			     struct dma_buf_attachment *attach)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_attachment *a = attach->priv;

	mutex_lock(&buf->lock);
	list_del(&a->node);
	mutex_unlock(&buf->lock);
	kfree(a);
}

static struct sg_table *kvmfr_buf_map_pages(struct kvmfr_buf *buf,
					    struct device *dev,
					    enum dma_data_direction dir)
{
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);

	ret = sg_alloc_table_from_pages(sgt, buf->pages,
					buf->size >> PAGE_SHIFT, 0, buf->size,
					GFP_KERNEL);
	if (ret)
		goto out_free_sgt;

	ret = dma_map_sgtable(dev, sgt, dir, 0);
	if (ret)
		goto out_free_table;
	return sgt;

out_free_table:
	sg_free_table(sgt);
out_free_sgt:
	kfree(sgt);
	return ERR_PTR(ret);
}

/*
 * BAR memory has no struct page: hand out DMA addresses only, as the DMA-buf
 * rules require of importers anyway.
 */
static struct sg_table *kvmfr_buf_map_bar(struct kvmfr_buf *buf,
					  struct device *dev,
					  enum dma_data_direction dir)
{
	struct kvmfr_dev *kdev = buf->kdev;
	unsigned int nents = DIV_ROUND_UP(buf->size, KVMFR_SEG_MAX);
	struct scatterlist *sg;
	struct sg_table *sgt;
	dma_addr_t addr;
	size_t left;
	unsigned int i;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);

	ret = sg_alloc_table(sgt, nents, GFP_KERNEL);
	if (ret)
		goto out_free_sgt;

	ret = kvmfr_dev_hold(kdev);
	if (ret)
		goto out_free_table;
	addr = dma_map_resource(dev, kdev->phys + ((u64)buf->pgoff << PAGE_SHIFT),
				buf->size, dir, 0);
	kvmfr_dev_unhold(kdev);
	if (dma_mapping_error(dev, addr)) {
		ret = -EIO;
		goto out_free_table;
	}

	left = buf->size;
	for_each_sgtable_sg(sgt, sg, i) {
		sg_dma_address(sg) = addr;
		sg_dma_len(sg) = min_t(size_t, left, KVMFR_SEG_MAX);
		addr += sg_dma_len(sg);
		left -= sg_dma_len(sg);
	}
	sgt->nents = nents;
	return sgt;

out_free_table:
	sg_free_table(sgt);
out_free_sgt:
	kfree(sgt);
	return ERR_PTR(ret);
}

static struct sg_table *kvmfr_buf_map(struct dma_buf_attachment *attach,
				      enum dma_data_direction dir)
{
	struct kvmfr_buf *buf = attach->dmabuf->priv;
	struct kvmfr_attachment *a = attach->priv;
	struct sg_table *sgt;

	if (buf->pages)
		sgt = kvmfr_buf_map_pages(buf, attach->dev, dir);
	else
		sgt = kvmfr_buf_map_bar(buf, attach->dev, dir);
	if (IS_ERR(sgt))
		return sgt;

	mutex_lock(&buf->lock);
	a->sgt = sgt;
	mutex_unlock(&buf->lock);
	return sgt;
}

static void kvmfr_buf_unmap(struct dma_buf_attachment *attach,
			    struct sg_table *sgt, enum dma_data_direction dir)
{
	struct kvmfr_buf *buf = attach->dmabuf->priv;
	struct kvmfr_attachment *a = attach->priv;

	mutex_lock(&buf->lock);
	a->sgt = NULL;
	mutex_unlock(&buf->lock);

	if (buf->pages)
		dma_unmap_sgtable(attach->dev, sgt, dir, 0);
	else
		dma_unmap_resource(attach->dev, sg_dma_address(sgt->sgl),
				   buf->size, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

/*
 * Sync page-backed memory between the CPU and every importer's mapping.
 * BAR memory is not mapped through the streaming DMA API and needs nothing.
 */
static void kvmfr_buf_sync(struct kvmfr_buf *buf, enum dma_data_direction dir,
			   bool for_cpu)
{
	struct kvmfr_attachment *a;

	if (!buf->pages)
		return;

	mutex_lock(&buf->lock);
	list_for_each_entry(a, &buf->attachments, node) {
		if (!a->sgt)
			continue;
		if (for_cpu)
			dma_sync_sgtable_for_cpu(a->dev, a->sgt, dir);
		else
			dma_sync_sgtable_for_device(a->dev, a->sgt, dir);
	}
	mutex_unlock(&buf->lock);
}

static int kvmfr_buf_begin_cpu_access(struct dma_buf *dmabuf,
				      enum dma_data_direction dir)
{
	kvmfr_buf_sync(dmabuf->priv, dir, true);
	return 0;
}

static int kvmfr_buf_end_cpu_access(struct dma_buf *dmabuf,
				    enum dma_data_direction dir)
{
	kvmfr_buf_sync(dmabuf->priv, dir, false);
	return 0;
}

static int kvmfr_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct kvmfr_buf *buf = dmabuf->priv;

	/* the DMA-buf core has checked the range against dmabuf->size */
	return kvmfr_mmap_pages(buf->kdev, vma, buf->pgoff + vma->vm_pgoff);
}

static void kvmfr_buf_destroy(struct kvmfr_buf *buf)
{
	if (buf->file) {
		mutex_lock(&buf->kdev->users_lock);
		list_del(&buf->node);
		mutex_unlock(&buf->kdev->users_lock);
	}
	put_device(&buf->kdev->dev);
	kvfree(buf->pages);
	kfree(buf);
}

static void kvmfr_buf_release(struct dma_buf *dmabuf)
{
	kvmfr_buf_destroy(dmabuf->priv);
}

static const struct dma_buf_ops kvmfr_dmabuf_ops = {
	.cache_sgt_mapping = true,
	.attach = kvmfr_buf_attach,
	.detach = kvmfr_buf_detach,
	.map_dma_buf = kvmfr_buf_map,
	.unmap_dma_buf = kvmfr_buf_unmap,
	.begin_cpu_access = kvmfr_buf_begin_cpu_access,
	.end_cpu_access = kvmfr_buf_end_cpu_access,
	.mmap = kvmfr_buf_mmap,
	.release = kvmfr_buf_release,
};

static struct kvmfr_buf *kvmfr_buf_create(struct kvmfr_dev *kdev, u64 offset,
					  u64 size)
{
	struct kvmfr_buf *buf;
	pgoff_t i, npages = size >> PAGE_SHIFT;
	int ret;

	/* Per export, on the caller's behalf: charged to its memory cgroup. */
	buf = kzalloc(sizeof(*buf), GFP_KERNEL_ACCOUNT);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->pgoff = offset >> PAGE_SHIFT;
	buf->size = size;
	mutex_init(&buf->lock);
	INIT_LIST_HEAD(&buf->attachments);

	if (kdev->vaddr) {
		buf->pages = kvmalloc_array(npages, sizeof(*buf->pages),
					    GFP_KERNEL_ACCOUNT);
		if (!buf->pages) {
			ret = -ENOMEM;
			goto out_free_buf;
		}
		for (i = 0; i < npages; i++)
			buf->pages[i] = vmalloc_to_page(kdev->vaddr + offset +
							i * PAGE_SIZE);
	} else {
		ret = kvmfr_dev_hold(kdev);
		if (ret)
			goto out_free_buf;
		kvmfr_dev_unhold(kdev);
	}

	get_device(&kdev->dev);
	buf->kdev = kdev;
	return buf;

out_free_buf:
	kfree(buf);
	return ERR_PTR(ret);
}

static long kvmfr_dmabuf_create(struct kvmfr_dev *kdev,
				struct kvmfr_dmabuf_create __user *uarg)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct kvmfr_dmabuf_create create;
	struct dma_buf *dmabuf;
	struct kvmfr_buf *buf;
	u64 end;
	int ret;

	if (copy_from_user(&create, uarg, sizeof(create)))
		return -EFAULT;
	if (create.flags & ~KVMFR_DMABUF_FLAGS_MASK ||
	    memchr_inv(create.__pad, 0, sizeof(create.__pad)))
		return -EINVAL;
	if (!create.size || !PAGE_ALIGNED(create.offset) ||
	    !PAGE_ALIGNED(create.size))
		return -EINVAL;
	if (check_add_overflow(create.offset, create.size, &end))
		return -EOVERFLOW;
	if (end > kdev->size)
		return -ERANGE;

	buf = kvmfr_buf_create(kdev, create.offset, create.size);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	exp_info.ops = &kvmfr_dmabuf_ops;
	exp_info.size = create.size;
	exp_info.flags = O_RDWR;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		kvmfr_buf_destroy(buf);
		return PTR_ERR(dmabuf);
	}
	mutex_lock(&kdev->users_lock);
	buf->file = dmabuf->file;
	list_add(&buf->node, &kdev->bufs);
	mutex_unlock(&kdev->users_lock);

	ret = dma_buf_fd(dmabuf, create.flags & KVMFR_DMABUF_FLAG_CLOEXEC ?
			 O_CLOEXEC : 0);
	if (ret < 0)
		dma_buf_put(dmabuf);	/* frees @buf through ->release */
	return ret;
}

static struct kvmfr_dev *kvmfr_of(struct file *filp)
{
	struct kvmfr_file *f = filp->private_data;

	return f->kdev;
}

static int kvmfr_open(struct inode *inode, struct file *filp)
{
	struct kvmfr_dev *kdev = container_of(inode->i_cdev, struct kvmfr_dev,
					      cdev);
	struct kvmfr_file *f;
	int ret;

	f = kzalloc(sizeof(*f), GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;
	ret = kvmfr_dev_hold(kdev);
	if (ret) {
		kfree(f);
		return ret;
	}
	get_device(&kdev->dev);
	f->filp = filp;
	f->kdev = kdev;
	mutex_lock(&kdev->users_lock);
	list_add(&f->node, &kdev->files);
	mutex_unlock(&kdev->users_lock);
	kvmfr_dev_unhold(kdev);

	filp->private_data = f;
	return 0;
}

static int kvmfr_release(struct inode *inode, struct file *filp)
{
	struct kvmfr_file *f = filp->private_data;
	struct kvmfr_dev *kdev = f->kdev;

	mutex_lock(&kdev->users_lock);
	list_del(&f->node);
	mutex_unlock(&kdev->users_lock);
	kfree(f);
	put_device(&kdev->dev);
	return 0;
}

/*
 * The BAR is going away: zap every user mapping of it, through the device
 * files and the DMA-bufs, so a later access faults instead of reaching a
 * range the PCI core may give to another device.
 */
static void kvmfr_zap_mappings(struct kvmfr_dev *kdev)
{
	struct kvmfr_file *f;
	struct kvmfr_buf *buf;

	mutex_lock(&kdev->users_lock);
	list_for_each_entry(f, &kdev->files, node)
		unmap_mapping_range(f->filp->f_mapping, 0, 0, 1);
	list_for_each_entry(buf, &kdev->bufs, node)
		unmap_mapping_range(buf->file->f_mapping, 0, 0, 1);
	mutex_unlock(&kdev->users_lock);
}

static long kvmfr_ioctl(struct file *filp, unsigned int cmd,
			unsigned long arg)
{
	struct kvmfr_dev *kdev = kvmfr_of(filp);

	switch (cmd) {
	case KVMFR_DMABUF_GETSIZE:
		return kdev->size;
	case KVMFR_DMABUF_GETSIZE64: {
		u64 size = kdev->size;

		return copy_to_user((void __user *)arg, &size, sizeof(size)) ? -EFAULT : 0;
	}
	case KVMFR_DMABUF_CREATE:
		return kvmfr_dmabuf_create(kdev, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static int kvmfr_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct kvmfr_dev *kdev = kvmfr_of(filp);
	pgoff_t npages = kdev->size >> PAGE_SHIFT;

	if (vma->vm_pgoff >= npages ||
	    vma_pages(vma) > npages - vma->vm_pgoff)
		return -EINVAL;

	return kvmfr_mmap_pages(kdev, vma, vma->vm_pgoff);
}

static loff_t kvmfr_llseek(struct file *filp, loff_t offset, int whence)
{
	struct kvmfr_dev *kdev = kvmfr_of(filp);

	return fixed_size_llseek(filp, offset, whence, kdev->size);
}

static const struct file_operations kvmfr_fops = {
	.owner = THIS_MODULE,
	.open = kvmfr_open,
	.release = kvmfr_release,
	.unlocked_ioctl = kvmfr_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = kvmfr_mmap,
	.llseek = kvmfr_llseek,
	.fsync = noop_fsync,	/* memory only: msync() has nothing to do */
};

static void kvmfr_dev_release(struct device *dev)
{
	struct kvmfr_dev *kdev = container_of(dev, struct kvmfr_dev, dev);

	vfree(kdev->vaddr);
	pci_dev_put(kdev->pdev);
	ida_free(&kvmfr_minors, MINOR(dev->devt));
	kfree(kdev);
}

/*
 * Allocate a device and its minor.  On success the caller owns one
 * reference and drops it with put_device(), which frees everything.
 */
static struct kvmfr_dev *kvmfr_dev_alloc(struct device *parent, size_t size)
{
	struct kvmfr_dev *kdev;
	int minor, ret;

	kdev = kzalloc(sizeof(*kdev), GFP_KERNEL);
	if (!kdev)
		return ERR_PTR(-ENOMEM);

	minor = ida_alloc_max(&kvmfr_minors, KVMFR_MAX_DEVICES - 1,
			      GFP_KERNEL);
	if (minor < 0) {
		kfree(kdev);
		return ERR_PTR(minor);
	}

	kdev->size = size;
	init_rwsem(&kdev->lock);
	mutex_init(&kdev->users_lock);
	INIT_LIST_HEAD(&kdev->files);
	INIT_LIST_HEAD(&kdev->bufs);
	device_initialize(&kdev->dev);
	kdev->dev.class = &kvmfr_class;
	kdev->dev.parent = parent;
	kdev->dev.devt = MKDEV(MAJOR(kvmfr_devt), minor);
	kdev->dev.release = kvmfr_dev_release;
	cdev_init(&kdev->cdev, &kvmfr_fops);
	kdev->cdev.owner = THIS_MODULE;

	ret = dev_set_name(&kdev->dev, "kvmfr%d", minor);
	if (ret) {
		put_device(&kdev->dev);
		return ERR_PTR(ret);
	}
	return kdev;
}

static void kvmfr_dev_destroy(struct kvmfr_dev *kdev)
{
	cdev_device_del(&kdev->cdev, &kdev->dev);
	put_device(&kdev->dev);
}

static int kvmfr_static_create(unsigned int idx)
{
	struct kvmfr_dev *kdev;
	size_t size = (size_t)static_size_mb[idx] * SZ_1M;
	int ret;

	if (!size) {
		pr_err("static_size_mb[%u] is 0\n", idx);
		return -EINVAL;
	}

	kdev = kvmfr_dev_alloc(NULL, size);
	if (IS_ERR(kdev))
		return PTR_ERR(kdev);

	kdev->vaddr = vmalloc_user(size);
	if (!kdev->vaddr) {
		ret = -ENOMEM;
		goto out_put_dev;
	}

	ret = cdev_device_add(&kdev->cdev, &kdev->dev);
	if (ret)
		goto out_put_dev;

	kvmfr_static[idx] = kdev;
	dev_info(&kdev->dev, "static, %zu bytes\n", size);
	return 0;

out_put_dev:
	put_device(&kdev->dev);
	return ret;
}

static void kvmfr_static_destroy_all(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kvmfr_static); i++) {
		if (kvmfr_static[i])
			kvmfr_dev_destroy(kvmfr_static[i]);
		kvmfr_static[i] = NULL;
	}
}

static int kvmfr_pci_probe(struct pci_dev *pdev,
			   const struct pci_device_id *id)
{
	struct kvmfr_dev *kdev;
	resource_size_t size;
	int ret;

	if (!(pci_resource_flags(pdev, KVMFR_PCI_BAR) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev, "BAR%d is not a memory BAR\n",
			KVMFR_PCI_BAR);
		return -ENODEV;
	}
	size = pci_resource_len(pdev, KVMFR_PCI_BAR);
	if (!size || !PAGE_ALIGNED(size) ||
	    !PAGE_ALIGNED(pci_resource_start(pdev, KVMFR_PCI_BAR))) {
		dev_err(&pdev->dev, "BAR%d %pR is not page aligned\n",
			KVMFR_PCI_BAR, &pdev->resource[KVMFR_PCI_BAR]);
		return -EINVAL;
	}

	ret = pci_enable_device_mem(pdev);
	if (ret)
		return ret;

	ret = pci_request_region(pdev, KVMFR_PCI_BAR, KBUILD_MODNAME);
	if (ret)
		goto out_disable;

	kdev = kvmfr_dev_alloc(&pdev->dev, size);
	if (IS_ERR(kdev)) {
		ret = PTR_ERR(kdev);
		goto out_release_region;
	}
	kdev->pdev = pci_dev_get(pdev);
	kdev->phys = pci_resource_start(pdev, KVMFR_PCI_BAR);

	ret = cdev_device_add(&kdev->cdev, &kdev->dev);
	if (ret)
		goto out_put_dev;

	pci_set_drvdata(pdev, kdev);
	dev_info(&pdev->dev, "%s: %pR\n", dev_name(&kdev->dev),
		 &pdev->resource[KVMFR_PCI_BAR]);
	return 0;

out_put_dev:
	put_device(&kdev->dev);
out_release_region:
	pci_release_region(pdev, KVMFR_PCI_BAR);
out_disable:
	pci_disable_device(pdev);
	return ret;
}

static void kvmfr_pci_remove(struct pci_dev *pdev)
{
	struct kvmfr_dev *kdev = pci_get_drvdata(pdev);

	down_write(&kdev->lock);
	kdev->gone = true;
	up_write(&kdev->lock);
	kvmfr_zap_mappings(kdev);

	kvmfr_dev_destroy(kdev);
	pci_release_region(pdev, KVMFR_PCI_BAR);
	pci_disable_device(pdev);
}

static const struct pci_device_id kvmfr_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, KVMFR_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, kvmfr_pci_ids);

static struct pci_driver kvmfr_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = kvmfr_pci_ids,
	.probe = kvmfr_pci_probe,
	.remove = kvmfr_pci_remove,
};

static int __init kvmfr_init(void)
{
	unsigned int i;
	int ret;

	ret = alloc_chrdev_region(&kvmfr_devt, 0, KVMFR_MAX_DEVICES,
				  KBUILD_MODNAME);
	if (ret)
		return ret;

	ret = class_register(&kvmfr_class);
	if (ret)
		goto out_unregister_chrdev;

	for (i = 0; i < static_count; i++) {
		ret = kvmfr_static_create(i);
		if (ret)
			goto out_destroy_static;
	}

	ret = pci_register_driver(&kvmfr_pci_driver);
	if (ret)
		goto out_destroy_static;
	return 0;

out_destroy_static:
	kvmfr_static_destroy_all();
	class_unregister(&kvmfr_class);
out_unregister_chrdev:
	unregister_chrdev_region(kvmfr_devt, KVMFR_MAX_DEVICES);
	return ret;
}

static void __exit kvmfr_exit(void)
{
	pci_unregister_driver(&kvmfr_pci_driver);
	kvmfr_static_destroy_all();
	class_unregister(&kvmfr_class);
	unregister_chrdev_region(kvmfr_devt, KVMFR_MAX_DEVICES);
}

module_init(kvmfr_init);
module_exit(kvmfr_exit);

MODULE_DESCRIPTION("Shared memory devices with DMA-buf export for KVM frame relay");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
