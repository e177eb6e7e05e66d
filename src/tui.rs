//! The interactive reader: terminal setup and teardown, and the event loop.
