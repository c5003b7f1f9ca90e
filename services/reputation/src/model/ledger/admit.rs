//! The rules that compare an event with the ledger, and the updates that admit it.

use rust_decimal::Decimal;

use super::{
    Admission, CancelRecord, DealRecord, DisputeRecord, Ledger, PendingReason, Rejection,
    ResolutionRecord,
};
use crate::model::validate::ValidationError;
use crate::model::{DealCancelled, DealCompleted, DisputeOpened, DisputeResolved, Event};

impl Ledger {
    /// Classifies an event whose id is new against the deals and disputes in the ledger.
    pub(super) fn classify(&self, event: &Event) -> Result<Admission, ValidationError> {
        match event {
            Event::DealCompleted(deal) => self.classify_completion(deal),
            Event::DealCancelled(cancel) => self.classify_cancellation(cancel),
            Event::DisputeOpened(opening) => self.classify_opening(opening),
            Event::DisputeResolved(resolution) => self.classify_resolution(resolution),
        }
    }

    fn classify_completion(&self, deal: &DealCompleted) -> Result<Admission, ValidationError> {
        if let Some(&index) = self.deal_index.get(&deal.deal_id) {
            let existing = &self.deals[index].event;
            if same_completion(existing, deal) {
                return Ok(Admission::Duplicate);
            }
            return Err(ValidationError::DealConflict {
                event_id: deal.id.clone(),
                deal_id: deal.deal_id.clone(),
                existing_event_id: existing.id.clone(),
            });
        }

        if let Some(&index) = self.cancel_index.get(&deal.deal_id) {
            return Err(ValidationError::DealAlreadyClosed {
                event_id: deal.id.clone(),
                deal_id: deal.deal_id.clone(),
                existing_state: "cancelled",
                existing_event_id: self.cancellations[index].event.id.clone(),
            });
        }
        Ok(Admission::Accepted)
    }

    fn classify_cancellation(&self, cancel: &DealCancelled) -> Result<Admission, ValidationError> {
        let closed = |existing_state, existing_event_id: &str| ValidationError::DealAlreadyClosed {
            event_id: cancel.id.clone(),
            deal_id: cancel.deal_id.clone(),
            existing_state,
            existing_event_id: existing_event_id.to_owned(),
        };

        if let Some(&index) = self.deal_index.get(&cancel.deal_id) {
            return Err(closed("completed", &self.deals[index].event.id));
        }
        if let Some(&index) = self.cancel_index.get(&cancel.deal_id) {
            let existing = &self.cancellations[index].event;
            if same_cancellation(existing, cancel) {
                return Ok(Admission::Duplicate);
            }
            return Err(closed("cancelled", &existing.id));
        }
        Ok(Admission::Accepted)
    }

    fn classify_opening(&self, opening: &DisputeOpened) -> Result<Admission, ValidationError> {
        let existing = match self.dispute_index.get(&opening.dispute_id) {
            Some(&index) => Some(&self.disputes[index].event),
            None => self.waiting_opening(&opening.dispute_id),
        };
        if let Some(existing) = existing {
            if same_opening(existing, opening) {
                return Ok(Admission::Duplicate);
            }
            return Err(ValidationError::DisputeConflict {
                event_id: opening.id.clone(),
                dispute_id: opening.dispute_id.clone(),
                existing_event_id: existing.id.clone(),
            });
        }

        if let Some(&index) = self.deal_index.get(&opening.deal_id) {
            check_opening_against_deal(opening, &self.deals[index].event)?;
            return Ok(Admission::Accepted);
        }

        if self.cancel_index.contains_key(&opening.deal_id) {
            return Err(ValidationError::DisputeOnCancelledDeal {
                event_id: opening.id.clone(),
                dispute_id: opening.dispute_id.clone(),
                deal_id: opening.deal_id.clone(),
            });
        }
        Ok(Admission::Pending(PendingReason::UnknownDeal {
            deal_id: opening.deal_id.clone(),
        }))
    }

    fn classify_resolution(
        &self,
        resolution: &DisputeResolved,
    ) -> Result<Admission, ValidationError> {
        let existing = match self.dispute_index.get(&resolution.dispute_id) {
            Some(&index) => match &self.disputes[index].resolution {
                Some(existing) => Some(&existing.event),
                None => {
                    check_resolution_time(resolution, &self.disputes[index].event)?;
                    return Ok(Admission::Accepted);
                }
            },
            None => self.waiting_resolutions.get(&resolution.dispute_id),
        };

        let Some(existing) = existing else {
            if let Some(opening) = self.waiting_opening(&resolution.dispute_id) {
                check_resolution_time(resolution, opening)?;
            }
            return Ok(Admission::Pending(PendingReason::UnknownDispute {
                dispute_id: resolution.dispute_id.clone(),
            }));
        };
        if existing.outcome == resolution.outcome {
            return Ok(Admission::Duplicate);
        }
        Err(ValidationError::ResolutionConflict {
            event_id: resolution.id.clone(),
            dispute_id: resolution.dispute_id.clone(),
            existing_event_id: existing.id.clone(),
            existing_outcome: existing.outcome,
            outcome: resolution.outcome,
        })
    }

    fn waiting_opening(&self, dispute_id: &str) -> Option<&DisputeOpened> {
        let deal_id = self.waiting_dispute_ids.get(dispute_id)?;
        self.waiting_openings
            .get(deal_id)?
            .iter()
            .find(|opening| opening.dispute_id == dispute_id)
    }

    /// Stores a pending event until the event it refers to arrives.
    pub(super) fn wait(&mut self, event: &Event) {
        match event {
            Event::DisputeOpened(opening) => {
                let waiting = self
                    .waiting_openings
                    .entry(opening.deal_id.clone())
                    .or_default();
                let position = waiting.partition_point(|other| {
                    (other.occurred_at, &other.id) < (opening.occurred_at, &opening.id)
                });
                waiting.insert(position, opening.clone());
                self.waiting_dispute_ids
                    .insert(opening.dispute_id.clone(), opening.deal_id.clone());
            }
            Event::DisputeResolved(resolution) => {
                self.waiting_resolutions
                    .insert(resolution.dispute_id.clone(), resolution.clone());
            }
            // Deals never wait: `classify` only returns `Pending` for disputes.
            Event::DealCompleted(_) | Event::DealCancelled(_) => {}
        }
    }

    /// Applies an accepted event, then releases the pending events it unblocks.
    pub(super) fn apply(&mut self, event: &Event, amount_usd: Option<Decimal>) {
        match event {
            Event::DealCompleted(deal) => {
                let index = self.deals.len();
                self.deals.push(DealRecord {
                    event: deal.clone(),
                    amount_usd: amount_usd.unwrap_or_default(),
                    disputes: Vec::new(),
                });
                self.deal_index.insert(deal.deal_id.clone(), index);
                self.release_openings(&deal.deal_id);
            }
            Event::DealCancelled(cancel) => {
                self.cancel_index
                    .insert(cancel.deal_id.clone(), self.cancellations.len());
                self.cancellations.push(CancelRecord {
                    event: cancel.clone(),
                    amount_usd: amount_usd.unwrap_or_default(),
                });
            }
            Event::DisputeOpened(opening) => self.apply_opening(opening),
            Event::DisputeResolved(resolution) => self.apply_resolution(resolution),
        }
    }

    fn apply_opening(&mut self, opening: &DisputeOpened) {
        // `classify` accepts an opening only when its deal is in the ledger.
        let Some(&deal) = self.deal_index.get(&opening.deal_id) else {
            return;
        };
        let index = self.disputes.len();
        let effective_at = opening.occurred_at.max(self.deals[deal].event.occurred_at);

        self.disputes.push(DisputeRecord {
            event: opening.clone(),
            deal,
            effective_at,
            resolution: None,
        });
        self.deals[deal].disputes.push(index);
        self.dispute_index.insert(opening.dispute_id.clone(), index);

        if let Some(resolution) = self.waiting_resolutions.remove(&opening.dispute_id) {
            match check_resolution_time(&resolution, opening) {
                Ok(()) => self.apply_resolution(&resolution),
                Err(error) => {
                    self.by_id.remove(&resolution.id);
                    let event = Event::DisputeResolved(resolution);
                    self.rejected.push(Rejection { event, error });
                }
            }
        }
    }

    fn apply_resolution(&mut self, resolution: &DisputeResolved) {
        let Some(&index) = self.dispute_index.get(&resolution.dispute_id) else {
            return;
        };
        let dispute = &mut self.disputes[index];
        dispute.resolution = Some(ResolutionRecord {
            event: resolution.clone(),
            effective_at: resolution.occurred_at.max(dispute.effective_at),
        });
    }

    /// Admits the openings that waited for `deal_id`, in `(occurred_at, id)` order.
    fn release_openings(&mut self, deal_id: &str) {
        let Some(openings) = self.waiting_openings.remove(deal_id) else {
            return;
        };

        for opening in openings {
            self.waiting_dispute_ids.remove(&opening.dispute_id);
            let event = Event::DisputeOpened(opening);
            match self.classify(&event) {
                Ok(Admission::Accepted) => self.apply(&event, None),
                Ok(Admission::Duplicate | Admission::Pending(_)) => {}
                Err(error) => {
                    // A resolution waiting for this dispute id stays pending: a valid
                    // opening with the same dispute id may still arrive.
                    self.by_id.remove(event.id());
                    self.rejected.push(Rejection { event, error });
                }
            }
        }
    }
}

/// Checks that the opener and the company complained about are the deal's parties, and
/// that the dispute is not dated before the deal.
fn check_opening_against_deal(
    opening: &DisputeOpened,
    deal: &DealCompleted,
) -> Result<(), ValidationError> {
    let is_party = |company: &str| company == deal.seller || company == deal.buyer;

    if !is_party(&opening.against) {
        return Err(ValidationError::NotAParty {
            event_id: opening.id.clone(),
            dispute_id: opening.dispute_id.clone(),
            deal_id: opening.deal_id.clone(),
            company_id: opening.against.clone(),
        });
    }
    if !is_party(&opening.opened_by) {
        return Err(ValidationError::OpenerNotAParty {
            event_id: opening.id.clone(),
            dispute_id: opening.dispute_id.clone(),
            deal_id: opening.deal_id.clone(),
            company_id: opening.opened_by.clone(),
        });
    }
    if opening.occurred_at < deal.occurred_at {
        return Err(ValidationError::DisputeBeforeDeal {
            event_id: opening.id.clone(),
            dispute_id: opening.dispute_id.clone(),
            deal_id: opening.deal_id.clone(),
            opened_at: opening.occurred_at,
            deal_completed_at: deal.occurred_at,
        });
    }
    Ok(())
}

/// Checks that a resolution is not dated before its dispute's opening.
fn check_resolution_time(
    resolution: &DisputeResolved,
    opening: &DisputeOpened,
) -> Result<(), ValidationError> {
    if resolution.occurred_at < opening.occurred_at {
        return Err(ValidationError::ResolutionBeforeOpening {
            event_id: resolution.id.clone(),
            dispute_id: resolution.dispute_id.clone(),
            resolved_at: resolution.occurred_at,
            opened_at: opening.occurred_at,
        });
    }
    Ok(())
}

/// Compares two completions of one deal, ignoring the event id.
fn same_completion(a: &DealCompleted, b: &DealCompleted) -> bool {
    (
        &a.seller,
        &a.buyer,
        &a.amount,
        &a.currency,
        &a.amount_usd,
        a.occurred_at,
    ) == (
        &b.seller,
        &b.buyer,
        &b.amount,
        &b.currency,
        &b.amount_usd,
        b.occurred_at,
    )
}

/// Compares two cancellations of one deal, ignoring the event id.
fn same_cancellation(a: &DealCancelled, b: &DealCancelled) -> bool {
    (&a.cancelled_by, &a.amount_usd, a.occurred_at)
        == (&b.cancelled_by, &b.amount_usd, b.occurred_at)
}

/// Compares two openings of one dispute, ignoring the event id.
fn same_opening(a: &DisputeOpened, b: &DisputeOpened) -> bool {
    (&a.deal_id, &a.opened_by, &a.against, a.occurred_at)
        == (&b.deal_id, &b.opened_by, &b.against, b.occurred_at)
}
