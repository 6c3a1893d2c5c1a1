package io.atrium.activities.ticket;

import io.atrium.platform.events.EventOutbox;
import io.atrium.platform.jdbc.ClaimedBatches;
import io.atrium.platform.jdbc.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds running SLA targets that have passed and records each breach once, with its {@code sla-breached} event.
 * Every replica may run it: each batch locks the tickets it breaches ({@code for update skip locked}) and checks again
 * under the lock that the target is still unbreached, so two instances never record, or publish, the same breach.
 */
@Component
public class SlaBreachDetector {

    private static final Logger log = LoggerFactory.getLogger(SlaBreachDetector.class);
    private static final int BATCH = 100;

    private final TicketRepository tickets;
    private final EventOutbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SlaBreachDetector(
            TicketRepository tickets, EventOutbox outbox, PlatformTransactionManager transactions, Clock clock) {
        this.tickets = tickets;
        this.outbox = outbox;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Records every breach due now, in batches; returns how many this instance recorded. */
    public int detect() {
        int total = ClaimedBatches.drain(transactions, BATCH, () -> {
            Instant now = Timestamps.now(clock);
            List<Ticket> due = tickets.pastDue(now, BATCH);
            int recorded = 0;
            for (Ticket ticket : due) {
                int count = ticket.breach(now, "activity-service");
                if (count > 0) {
                    tickets.update(ticket);
                    outbox.appendAll(ticket.pullEvents());
                    recorded += count;
                }
            }
            return new ClaimedBatches.Round(due.size(), recorded);
        });
        if (total > 0) {
            log.info("Recorded {} SLA breaches", total);
        }
        return total;
    }
}
