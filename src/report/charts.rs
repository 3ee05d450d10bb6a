//! The five charts of SPEC §6, drawn with plotters to SVG and PNG.
