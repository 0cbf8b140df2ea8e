/* TEST-ONLY stand-in for ucrtbase.dll's crealf and cimagf, for the Wine 8.0 check of packaging/build_windows.sh.
 *
 * NumPy's core extension calls crealf and cimagf (the parts of a float complex) while it imports. Every Windows
 * 10/11 ucrtbase.dll has them; Wine 8.0's ucrtbase.dll exports them as unimplemented stubs, so any process that imports
 * NumPy (and with it onnxruntime, PyMuPDF, pyarrow, LanceDB) aborts under Wine 8.0. Loaded into the process
 * first, this DLL points the stubs at one-line implementations, so the checks behind NumPy can run under Wine.
 * packaging/windows/wine_check.py loads it only in its "with test-only stand-ins" run (from the prefix, never from
 * the bundle); it never enters the bundle or the installer (tests/packaging/test_windows_bundle.py checks that).
 *
 *   x86_64-w64-mingw32-gcc -O2 -shared -s ucrt_crealf.c -o ucrt_crealf.dll
 */
#include <windows.h>
#include <string.h>

typedef struct { float part[2]; } float_complex; /* ucrt's _Fcomplex: 8 bytes, passed in a register */

static float real_part(float_complex z) { return z.part[0]; }
static float imaginary_part(float_complex z) { return z.part[1]; }

static BOOL redirect(HMODULE module, const char *name, void *implementation) {
    BYTE *stub = (BYTE *)GetProcAddress(module, name);
    if (!stub) return FALSE;
    /* movabs rax, implementation ; jmp rax */
    BYTE jump[12] = {0x48, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xE0};
    ULONG_PTR target = (ULONG_PTR)implementation;
    memcpy(jump + 2, &target, sizeof(target));
    DWORD protection;
    if (!VirtualProtect(stub, sizeof(jump), PAGE_EXECUTE_READWRITE, &protection)) return FALSE;
    memcpy(stub, jump, sizeof(jump));
    VirtualProtect(stub, sizeof(jump), protection, &protection);
    FlushInstructionCache(GetCurrentProcess(), stub, sizeof(jump));
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance; (void)reserved;
    if (reason != DLL_PROCESS_ATTACH) return TRUE;
    HMODULE ucrt = LoadLibraryA("ucrtbase.dll");
    return ucrt && redirect(ucrt, "crealf", (void *)&real_part) && redirect(ucrt, "cimagf", (void *)&imaginary_part);
}
