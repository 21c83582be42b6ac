#ifndef PRESSWORK_CLIBXML2_SHIM_H
#define PRESSWORK_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU, so its encoding.h includes <unicode/ucnv.h>. Those system ICU
// headers clash with the ICU that Foundation bundles (UErrorCode "has different definitions") in any
// Swift module that also imports Foundation. Undefining the switch after xmlversion.h keeps ICU out.
// It only hides the two trailing ICU pointers of xmlCharEncodingHandler, which Swift never allocates
// or reads, so no layout that Swift uses changes.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

// Only the parts of libxml2 the pipeline uses: the HTML parser and the tree API.
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#endif
