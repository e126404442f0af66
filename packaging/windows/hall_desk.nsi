; Windows installer of the desk app (issue 10): installs the one-folder bundle built by
; packaging/build_bundle.py on Windows (dist\hall_desk\), a start-menu entry, and an uninstaller
; registered in Add/Remove Programs (程序和功能).
;
; The hall's data is never part of the program folder and never removed: the desk keeps its store,
; logs and backups in the user's data directory (platformdirs: %LOCALAPPDATA%\hall_desk), which this
; script does not touch. Installing a newer version over an older one replaces the program files
; only (the old _internal folder is removed first so no stale module survives); the app itself takes
; an automatic backup before it migrates the data to a newer schema, at its first start.
;
; Compiled by packaging/build_installer.py (makensis, also Debian's `nsis` on Linux):
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUNDLE_DIR=<dist\hall_desk> -DOUT_FILE=<setup.exe> hall_desk.nsi
; Optional: -DNO_COMPRESS (quick test builds), -DICON=<.ico> (default: resources\icons\hall_desk.ico).

Unicode true

!ifndef VERSION
  !error "pass the version: -DVERSION=x.y.z (packaging/build_installer.py reads it from pyproject.toml)"
!endif
!ifndef BUNDLE_DIR
  !error "pass the bundle folder: -DBUNDLE_DIR=<dist\hall_desk>"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "hall_desk-setup-${VERSION}.exe"
!endif
!ifndef ICON
  !define ICON "../../resources/icons/hall_desk.ico"  ; makensis works in the script's folder
!endif

!define PRODUCT "营业厅投诉受理台"
!define PRODUCT_KEY "hall_desk"
!define PUBLISHER "hall_desk"
!define EXE "hall-desk.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_KEY}"
!define SETTINGS_KEY "Software\${PRODUCT_KEY}"

!ifdef NO_COMPRESS
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

Name "${PRODUCT} ${VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT_KEY}"
InstallDirRegKey HKLM "${SETTINGS_KEY}" "InstallDir"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动${PRODUCT}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将卸载程序文件。营业厅的数据（投诉记录、日志、备份）保存在 %LOCALAPPDATA%\hall_desk，不会被删除。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Var PREVIOUS

Function .onInit
  SetRegView 64
  ReadRegStr $PREVIOUS HKLM "${UNINSTALL_KEY}" "DisplayVersion"
FunctionEnd

Section "${PRODUCT}" SecProgram
  SectionIn RO
  SetShellVarContext all
  ${If} $PREVIOUS != ""
    DetailPrint "升级：已安装版本 $PREVIOUS → ${VERSION}（只替换程序文件，数据保留）"
  ${EndIf}
  ; The program folder only: the old version's files go first (a module dropped in the new
  ; version must not linger), the data directory is elsewhere and untouched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\hall-desk.exe"
  Delete "$INSTDIR\hall-desk-cli.exe"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk" "$INSTDIR\uninstall.exe"
  ; 安装自检: hall-desk self-test in a console window that stays open, for the support person
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\安装自检.lnk" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\hall-desk-cli.exe" self-test"' "$INSTDIR\${EXE}" 0

  WriteRegStr HKLM "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  ; Program files and shortcuts only. Never the data directory (%LOCALAPPDATA%\hall_desk): the
  ; hall's records, logs and backups stay, for a reinstall or for head office.
  Delete "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\卸载${PRODUCT}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT}\安装自检.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\hall-desk.exe"
  Delete "$INSTDIR\hall-desk-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${SETTINGS_KEY}"
SectionEnd
