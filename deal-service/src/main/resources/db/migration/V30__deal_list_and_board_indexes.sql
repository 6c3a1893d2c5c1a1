-- Issue 15: every list filter and the board have an index path at 100k deals (docs/performance.md, "Deals and
-- activities: search and filters"; DealQueryPlanTests fails on a sequential scan of deal).
-- A tag filter (one nobody uses scanned every deal), a stage with few deals (deal_board holds open deals only), an
-- amount range within a currency.
create index deal_tags on deal using gin (tags) where deleted_at is null;
create index deal_stage on deal (stage_id) where deleted_at is null;
create index deal_currency_amount on deal (currency, amount) where deleted_at is null;
