//! TEMPORARY stand-in until the dashboard branch lands: prints the audit.
pub fn run_dashboard(study: crate::study::Study) -> anyhow::Result<()> {
    print!("{}", crate::import::audit_text(&study));
    Ok(())
}
