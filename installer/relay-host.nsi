; relay-host installer (NSIS 3, built with Debian's makensis):
;   makensis -DEXE=path/to/relay-host.exe -DVERSION=0.1.0 \
;            -DOUTFILE=relay-host-setup.exe installer/relay-host.nsi
; Installs relay-host.exe, registers the relay-host service (auto-start,
; LocalSystem) with the capture options and starts it; the uninstaller
; stops and removes the service and the files.
;
; Silent install: relay-host-setup.exe /S [/SERVICEARGS=...] [/D=C:\Path]
;   /SERVICEARGS=  the relay-host options the service runs with
;                  (default: --capture auto --shm-file ivshmem)
; Silent uninstall: "C:\Program Files\relay\uninstall.exe" /S
Unicode true
Target amd64-unicode
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef EXE
  !error "pass -DEXE=path/to/relay-host.exe"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "relay-host-setup.exe"
!endif
!define DEFAULT_ARGS "--capture auto --shm-file ivshmem"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\relay-host"

!include "FileFunc.nsh"
!include "x64.nsh"

Name "relay host ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\relay"
ShowInstDetails show
ShowUninstDetails show

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Var ServiceArgs

Function .onInit
  SetRegView 64
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/SERVICEARGS=" $ServiceArgs
  ${If} ${Errors}
    StrCpy $ServiceArgs "${DEFAULT_ARGS}"
  ${EndIf}
FunctionEnd

Section "relay host"
  SetOutPath "$INSTDIR"
  ; An older service holds the exe open: stop and remove it first.
  IfFileExists "$INSTDIR\relay-host.exe" 0 +2
    ExecWait '"$INSTDIR\relay-host.exe" --uninstall-service'
  File "/oname=relay-host.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  DetailPrint "Registering the relay-host service: $ServiceArgs"
  ExecWait '"$INSTDIR\relay-host.exe" --install-service $ServiceArgs' $0
  ${If} $0 != 0
    MessageBox MB_ICONSTOP "relay-host --install-service failed (exit code $0)." /SD IDOK
    Abort "relay-host --install-service failed (exit code $0)"
  ${EndIf}
  DetailPrint "Starting the relay-host service"
  ExecWait '"$SYSDIR\sc.exe" start relay-host' $0
  ${If} $0 != 0
    DetailPrint "sc start relay-host returned $0: see ProgramData\relay\relay-host-service.log"
  ${EndIf}

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "relay host"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "relay"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  DetailPrint "Stopping and removing the relay-host service"
  ExecWait '"$INSTDIR\relay-host.exe" --uninstall-service' $0
  ${If} $0 != 0
    DetailPrint "relay-host --uninstall-service returned $0"
  ${EndIf}
  Delete "$INSTDIR\relay-host.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
