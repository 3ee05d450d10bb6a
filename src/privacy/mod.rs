//! Disclosure control of published numbers (SPEC §5): small-cell suppression, complementary
//! suppression and optional differential privacy.
