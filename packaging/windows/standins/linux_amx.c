/* TEST-ONLY stand-in for what Windows does for every process: let it use the CPU's AMX tile registers.
 *
 * onnxruntime's CPU kernels use Intel AMX where the CPU has it (this build machine's does). Windows enables AMX for
 * every process; Linux only for a process that asks (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)), and
 * Wine 8.0 does not ask, so the first tile instruction under Wine 8.0 is an illegal instruction and the process
 * dies. Loaded first by packaging/windows/wine_check.py (its "with test-only stand-ins" run), this DLL makes that
 * one Linux system call for the process. It exists only in the test's Wine prefix: never in the bundle or the
 * installer (tests/packaging/test_windows_bundle.py checks that).
 *
 *   x86_64-w64-mingw32-gcc -O2 -shared -s linux_amx.c -o linux_amx.dll
 */
#include <windows.h>

#define LINUX_ARCH_PRCTL 158
#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
    (void)instance; (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        long result; /* -EINVAL on a CPU without AMX or a kernel before 5.16: nothing to enable, nothing lost */
        __asm__ volatile("syscall" : "=a"(result)
                         : "a"((long)LINUX_ARCH_PRCTL), "D"((long)ARCH_REQ_XCOMP_PERM), "S"((long)XFEATURE_XTILEDATA)
                         : "rcx", "r11", "memory");
        (void)result;
    }
    return TRUE;
}
