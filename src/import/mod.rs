//! Readers for survey tables, wide behaviour tables and event logs; validation; rejected
//! rows; the PII guard (SPEC §2).
