#include <linux/module.h>
#define INCLUDE_VERMAGIC
#include <linux/build-salt.h>
#include <linux/elfnote-lto.h>
#include <linux/export-internal.h>
#include <linux/vermagic.h>
#include <linux/compiler.h>

BUILD_SALT;
BUILD_LTO_INFO;

MODULE_INFO(vermagic, VERMAGIC_STRING);
MODULE_INFO(name, KBUILD_MODNAME);

__visible struct module __this_module
__section(".gnu.linkonce.this_module") = {
	.name = KBUILD_MODNAME,
	.init = init_module,
#ifdef CONFIG_MODULE_UNLOAD
	.exit = cleanup_module,
#endif
	.arch = MODULE_ARCH_INIT,
};

#ifdef CONFIG_RETPOLINE
MODULE_INFO(retpoline, "Y");
#endif


static const struct modversion_info ____versions[]
__used __section("__versions") = {
	{ 0xbdfb6dbb, "__fentry__" },
	{ 0x57bc19d2, "down_write" },
	{ 0xce807a25, "up_write" },
	{ 0xf675d9ac, "cdev_device_del" },
	{ 0xab30ec32, "put_device" },
	{ 0x8ccc0471, "pci_release_region" },
	{ 0x3912624a, "pci_disable_device" },
	{ 0x5b8239ca, "__x86_return_thunk" },
	{ 0x7aa1756e, "kvfree" },
	{ 0x37a0cba, "kfree" },
	{ 0x4dfa8d4b, "mutex_lock" },
	{ 0x6667a5ad, "dma_sync_sg_for_device" },
	{ 0x3213f038, "mutex_unlock" },
	{ 0x60ae7ff2, "dma_sync_sg_for_cpu" },
	{ 0x4e315533, "dma_unmap_sg_attrs" },
	{ 0x7f5b4fe4, "sg_free_table" },
	{ 0x40a8696e, "dma_unmap_resource" },
	{ 0xe1537255, "__list_del_entry_valid" },
	{ 0x4f730171, "fixed_size_llseek" },
	{ 0x999e8297, "vfree" },
	{ 0xda706865, "pci_dev_put" },
	{ 0xffb7c514, "ida_free" },
	{ 0x7a7caba8, "kmalloc_caches" },
	{ 0x606e9d01, "kmalloc_trace" },
	{ 0x68f31cbd, "__list_add_valid" },
	{ 0xe7a02573, "ida_alloc_range" },
	{ 0x7b4da6ff, "__init_rwsem" },
	{ 0x4d03a9f9, "device_initialize" },
	{ 0xc9f4b187, "cdev_init" },
	{ 0xb38a2df9, "dev_set_name" },
	{ 0x4f0a62ae, "pci_enable_device_mem" },
	{ 0xa7bcca55, "pci_request_region" },
	{ 0x1aa9fef8, "pci_dev_get" },
	{ 0xa804b455, "cdev_device_add" },
	{ 0xbb462483, "_dev_info" },
	{ 0x7a945ae2, "_dev_err" },
	{ 0x13c49cc2, "_copy_from_user" },
	{ 0x8df92f66, "memchr_inv" },
	{ 0xcefb0c9f, "__mutex_init" },
	{ 0x599fb41c, "kvmalloc_node" },
	{ 0x8611b6ec, "vmalloc_to_page" },
	{ 0x62c2ce88, "get_device" },
	{ 0xeade228f, "dma_buf_export" },
	{ 0x1d757785, "dma_buf_fd" },
	{ 0x98bd89cd, "dma_buf_put" },
	{ 0x668b19a1, "down_read" },
	{ 0x53b954a2, "up_read" },
	{ 0xa19b956, "__stack_chk_fail" },
	{ 0xe3ec2f2b, "alloc_chrdev_region" },
	{ 0x908ad9a3, "__class_register" },
	{ 0x92997ed8, "_printk" },
	{ 0x5635a60a, "vmalloc_user" },
	{ 0x515d769, "__pci_register_driver" },
	{ 0x6389ebc4, "class_unregister" },
	{ 0x6091b333, "unregister_chrdev_region" },
	{ 0xd4415680, "pci_unregister_driver" },
	{ 0x50db2169, "remap_vmalloc_range" },
	{ 0x292bd6e0, "remap_pfn_range" },
	{ 0x1c7ee19e, "sg_alloc_table_from_pages_segment" },
	{ 0x74c743e5, "dma_map_sgtable" },
	{ 0x3a2f6702, "sg_alloc_table" },
	{ 0x7e587eff, "dma_map_resource" },
	{ 0x87b8798d, "sg_next" },
	{ 0x3ef022ec, "compat_ptr_ioctl" },
	{ 0x9bd7b42, "param_array_ops" },
	{ 0x91c14d8d, "param_ops_uint" },
	{ 0x9060323f, "module_layout" },
};

MODULE_INFO(depends, "");

MODULE_ALIAS("pci:v00001AF4d00001110sv*sd*bc*sc*i*");
