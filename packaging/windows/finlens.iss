; Inno Setup script for FinLens on Windows (x64).
;
; Build the PyInstaller bundle first (dist\finlens with FinLens.exe and finlens-cli.exe), download the Visual C++
; runtime installer next to this script, then compile from the repository root:
;
;   pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\finlens.spec
;   curl -L -o packaging\windows\vc_redist.x64.exe https://aka.ms/vs/17/release/vc_redist.x64.exe
;   iscc /DAppVersion=0.1.0 packaging\windows\finlens.iss
;
; The installer goes to dist\FinLens-<version>-windows-x64-setup.exe. It installs per machine into
; Program Files\FinLens, adds Start-menu (and optionally desktop) shortcuts, and runs the VC++ runtime installer
; only when the runtime is missing: onnxruntime, pyarrow, LanceDB and Qt all need msvcp140.dll/vcruntime140*.dll.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "FinLens"
#define RepoRoot "..\.."

[Setup]
AppId={{6F1C4E8B-2D55-4B7A-9A39-0C8E5B7F41D2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=FinLens
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
LicenseFile={#RepoRoot}\LICENSE
OutputDir={#RepoRoot}\dist
OutputBaseFilename=FinLens-{#AppVersion}-windows-x64-setup
SetupIconFile={#RepoRoot}\resources\icons\finlens.ico
UninstallDisplayIcon={app}\FinLens.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#RepoRoot}\dist\finlens\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#RepoRoot}\LICENSE"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#RepoRoot}\THIRD_PARTY_NOTICES.md"; DestDir: "{app}"; Flags: ignoreversion
Source: "vc_redist.x64.exe"; DestDir: "{tmp}"; Flags: deleteafterinstall; Check: VCRedistNeeded

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\FinLens.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\FinLens.exe"; Tasks: desktopicon

[Run]
Filename: "{tmp}\vc_redist.x64.exe"; Parameters: "/install /quiet /norestart"; \
  StatusMsg: "Installing the Microsoft Visual C++ runtime..."; Check: VCRedistNeeded; Flags: waituntilterminated
Filename: "{app}\FinLens.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The VC++ 2015-2022 runtime registers its version here. Binaries built with MSVC 14.40 (Visual Studio 2022
  17.10) or later, such as current onnxruntime wheels, can crash in std::mutex on an older runtime, so anything
  below 14.40 is upgraded. }
function VCRedistNeeded: Boolean;
var
  Installed: Cardinal;
  Major, Minor: Cardinal;
begin
  Result := True;
  if RegQueryDWordValue(HKLM64, 'SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64', 'Installed', Installed)
     and (Installed = 1)
     and RegQueryDWordValue(HKLM64, 'SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64', 'Major', Major)
     and RegQueryDWordValue(HKLM64, 'SOFTWARE\Microsoft\VisualStudio\14.0\VC\Runtimes\x64', 'Minor', Minor) then
    Result := (Major < 14) or ((Major = 14) and (Minor < 40));
end;
