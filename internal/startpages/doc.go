// Package startpages hands back to the kernel the pages of golive's own
// binary that only its start-up read.
//
// Go runs the init of every package the program imports before main
// starts. Most are small, but glamour's syntax highlighter (chroma)
// registers about 250 lexers and 70 colour styles at init, reading each
// one's XML from the binary, and the network, SSH, protobuf and
// Prometheus packages set up their tables. Linux maps a binary's pages
// into a process 64 KB at a time around each page touched (fault-around),
// so those scattered reads leave about 6 MB of golive's code and
// read-only data resident for the whole launch, though nothing reads most
// of it again: a third of the cockpit's memory under a flood.
//
// Release drops those pages from the process (madvise MADV_DONTNEED).
// They stay in the kernel's page cache, so a page golive needs again is
// mapped back on its next touch, a minor fault of a microsecond or so;
// what golive runs after start-up (the cockpit, the engine, the pane)
// comes back within its first frames, and the rest stays out.
//
// Only read-only mappings of the executable whose every page is still the
// file's own are dropped. A mapping holding private copies (the relocated
// read-only data of a position-independent build, or code a debugger
// patched) is left alone: dropping it would bring back the file's bytes in
// place of the copies.
package startpages
