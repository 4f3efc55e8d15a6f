// zlib's inflate, to read the compressed parts of the XLSX workbooks offices send.
#include <zlib.h>
