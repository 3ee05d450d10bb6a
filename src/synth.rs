//! Synthetic studies with planted, documented effects.
