package site

import "flag"

// update makes tests rewrite what they generate and check (social cards,
// icons, generated CSS) instead of comparing with it.
var update = flag.Bool("update", false, "rewrite generated files (social cards, icons, generated CSS) instead of checking them")
