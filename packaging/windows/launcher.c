/* The FinLens launchers for Windows: FinLens.exe (windowed, -DFINLENS_GUI) and finlens-cli.exe (console).
 *
 * Each runs the bundled Python on the FinLens package, from the folder the launcher is in:
 *
 *     <folder>\python\pythonw.exe -m app <arguments>     (FinLens.exe: no console window)
 *     <folder>\python\python.exe  -m app <arguments>     (finlens-cli.exe: stdout, stderr and the exit status)
 *
 * The arguments are passed on exactly as the launcher received them (the rest of its command line), so quoting,
 * drive letters, UNC paths and long names reach Python unchanged. The launcher waits for Python and returns its
 * exit status; it puts Python in a job object that is killed with the launcher, so ending the launcher (Task
 * Manager, a CI timeout) does not leave Python running. Build (packaging/build_windows.sh):
 *
 *     x86_64-w64-mingw32-gcc -O2 -municode [-DFINLENS_GUI -mwindows] launcher.c icon.o -o finlens-cli.exe
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#define LONG_PATH 32768

static void fail(const wchar_t *what, DWORD code) {
    wchar_t text[1024];
    _snwprintf(text, 1024, L"FinLens could not start: %ls (Windows error %lu). Reinstall FinLens.", what, code);
    text[1023] = L'\0';
#ifdef FINLENS_GUI
    MessageBoxW(NULL, text, L"FinLens", MB_OK | MB_ICONERROR);
#else
    fwprintf(stderr, L"%ls\n", text);
#endif
}

/* The part of the command line after the program name, as Windows' own parser delimits it. */
static const wchar_t *arguments_of(const wchar_t *line) {
    if (*line == L'"') {
        line++;
        while (*line && *line != L'"') line++;
        if (*line) line++;
    } else {
        while (*line && *line != L' ' && *line != L'\t') line++;
    }
    while (*line == L' ' || *line == L'\t') line++;
    return line;
}

static int run(void) {
    static wchar_t folder[LONG_PATH], python[LONG_PATH];
    DWORD length = GetModuleFileNameW(NULL, folder, LONG_PATH);
    if (length == 0 || length >= LONG_PATH) {
        fail(L"its own location is unknown", GetLastError());
        return 1;
    }
    wchar_t *slash = wcsrchr(folder, L'\\');
    if (slash) *slash = L'\0';
#ifdef FINLENS_GUI
    _snwprintf(python, LONG_PATH, L"%ls\\python\\pythonw.exe", folder);
#else
    _snwprintf(python, LONG_PATH, L"%ls\\python\\python.exe", folder);
#endif
    python[LONG_PATH - 1] = L'\0';
    if (GetFileAttributesW(python) == INVALID_FILE_ATTRIBUTES) {
        fail(L"its Python is missing", GetLastError());
        return 1;
    }
    const wchar_t *args = arguments_of(GetCommandLineW());
    size_t size = wcslen(python) + wcslen(args) + 16;
    wchar_t *command = HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
    if (!command) return 1;
    _snwprintf(command, size, L"\"%ls\" -m app %ls", python, args);
    command[size - 1] = L'\0';

    HANDLE job = CreateJobObjectW(NULL, NULL);
    if (job) {
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
        ZeroMemory(&limits, sizeof(limits));
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof(limits));
    }
#ifndef FINLENS_GUI
    SetConsoleCtrlHandler(NULL, TRUE); /* Ctrl+C goes to Python (same console); wait for its exit status */
#endif
    STARTUPINFOW startup;
    PROCESS_INFORMATION process;
    ZeroMemory(&startup, sizeof(startup));
    startup.cb = sizeof(startup);
    /* Suspended until it is in the job, so no child it starts can escape the job. */
    if (!CreateProcessW(python, command, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &startup, &process)) {
        fail(L"Python did not start", GetLastError());
        return 1;
    }
    if (job) AssignProcessToJobObject(job, process.hProcess);
    ResumeThread(process.hThread);
    WaitForSingleObject(process.hProcess, INFINITE);
    DWORD status = 1;
    GetExitCodeProcess(process.hProcess, &status);
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    return (int)status;
}

#ifdef FINLENS_GUI
int WINAPI wWinMain(HINSTANCE instance, HINSTANCE previous, PWSTR line, int show) {
    (void)instance; (void)previous; (void)line; (void)show;
    return run();
}
#else
int wmain(void) {
    return run();
}
#endif
