; NSIS script of the FinLens installer for Windows x64, built by packaging/build_windows.sh with Debian's makensis:
;
;   makensis -DVERSION=0.1.0 -DBUNDLE=<abs path of dist/windows/FinLens> -DOUTFILE=<abs path of setup.exe> finlens.nsi
;
; Per-user install without administrator rights (locked-down desktops): the program goes to
; %LOCALAPPDATA%\Programs\FinLens, the shortcuts to the user's Start menu and desktop, the uninstall entry to
; HKCU. `setup.exe /S` installs silently, `/D=C:\path` (last on the command line) picks another folder.
; The Visual C++ runtime is inside the bundle (python\), so nothing needs an administrator.
; The uninstaller removes exactly what the installer put there, plus the byte-code Python writes into lib\;
; the user's library and settings (%LOCALAPPDATA%\FinLens, %APPDATA%\FinLens) are the user's and stay.

Unicode true
; A 64-bit installer (and uninstaller): FinLens is x64-only, and a 64-bit Wine runs it without 32-bit support.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
; bzip2 by default: on the 2-core build machine it packs the ~620 MB bundle in about a minute into ~235 MB, where
; LZMA would make it ~30% smaller but take 15-40 minutes (CI has 25). A release may build with
; NSIS_COMPRESSOR="/SOLID lzma" (packaging/build_windows.sh passes it on).
!ifndef COMPRESSOR
  !define COMPRESSOR "bzip2"
!endif
SetCompressor ${COMPRESSOR}

!include "MUI2.nsh"
!include "x64.nsh"

!define APP "FinLens"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP} installer"
VIAddVersionKey "LegalCopyright" "FinLens is free software under the GNU AGPL-3.0-or-later"

!define MUI_ICON "${BUNDLE}\lib\resources\icons\finlens.ico"
!define MUI_UNICON "${BUNDLE}\lib\resources\icons\finlens.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\FinLens.exe"
!insertmacro MUI_PAGE_LICENSE "${BUNDLE}\LICENSE"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "FinLens needs 64-bit Windows (x64)." /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "FinLens" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An older version's byte-code and packages must not mix with this one's.
  RMDir /r "$INSTDIR\lib"
  RMDir /r "$INSTDIR\python"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\Uninstall FinLens.exe"
  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\FinLens.exe" "" "$INSTDIR\FinLens.exe" 0
  CreateShortCut "$DESKTOP\${APP}.lnk" "$INSTDIR\FinLens.exe" "" "$INSTDIR\FinLens.exe" 0
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\FinLens.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall FinLens.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall FinLens.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" ${INSTALLED_KB}
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  ; Only the folders and files the installer made: a user who installed into a folder of their own keeps the rest.
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\lib"
  RMDir /r "$INSTDIR\licenses"
  RMDir /r "$INSTDIR\source"
  Delete "$INSTDIR\FinLens.exe"
  Delete "$INSTDIR\finlens-cli.exe"
  Delete "$INSTDIR\LICENSE"
  Delete "$INSTDIR\THIRD_PARTY_NOTICES.md"
  Delete "$INSTDIR\Uninstall FinLens.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
