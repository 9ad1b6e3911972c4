// The system's libcrypt (libxcrypt on Debian): crypt_r and crypt_gensalt_ra, with bcrypt.
#include <crypt.h>
