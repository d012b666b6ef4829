//! The control endpoints: `GET /_fanout/stats`, `POST /_fanout/reset` and `GET /_fanout/info`,
//! answered from the shared log by every wiremock instance.

use fanout_core::ServerInfo;
use wiremock::{Request, Respond, ResponseTemplate};

use crate::log::Log;

/// Answers the control endpoints from the shared log.
pub(crate) struct ControlResponder {
    pub(crate) log: Log,
    pub(crate) info: ServerInfo,
    pub(crate) endpoint: Control,
}

#[derive(Clone, Copy)]
pub(crate) enum Control {
    Stats,
    Reset,
    Info,
}

impl Respond for ControlResponder {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        match self.endpoint {
            Control::Stats => ResponseTemplate::new(200).set_body_json(self.log.stats()),
            Control::Reset => {
                self.log.reset();
                ResponseTemplate::new(204)
            }
            Control::Info => ResponseTemplate::new(200).set_body_json(&self.info),
        }
    }
}
