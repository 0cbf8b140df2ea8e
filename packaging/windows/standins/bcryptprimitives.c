/* TEST-ONLY stand-in for Windows' bcryptprimitives.dll, for the Wine 8.0 check of packaging/build_windows.sh.
 *
 * Rust's standard library (in LanceDB's and tokenizers' extensions) imports ProcessPrng from bcryptprimitives.dll,
 * which every Windows 10/11 has and Wine has only from 8.13 on. This file gives Wine 8.0 that one function, built
 * on BCryptGenRandom (which Wine 8.0 has), so the checks behind it can run under Wine. packaging/windows/
 * wine_check.py copies it into the test prefix's system32 only; it never goes into the bundle or the installer
 * (tests/packaging/test_windows_bundle.py checks that), and it is never a reason for a check to pass on Windows.
 *
 *   x86_64-w64-mingw32-gcc -O2 -shared -s bcryptprimitives.c -lbcrypt -o bcryptprimitives.dll
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
