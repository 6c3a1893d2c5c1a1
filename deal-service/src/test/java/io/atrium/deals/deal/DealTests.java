package io.atrium.deals.deal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.events.DomainEvent;
import io.atrium.platform.web.ProblemException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deal aggregate and money on their own: no Spring, no database. */
class DealTests {

    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private final UUID pipeline = UUID.randomUUID();
    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();

    private Deal newDeal() {
        UUID contact = UUID.randomUUID();
        DealDetails details = new DealDetails(
                " Order ",
                new Money(new BigDecimal("1200"), "EUR"),
                null,
                "sales",
                contact,
                List.of(contact, contact),
                null,
                null,
                null,
                null,
                null);
        Deal deal = Deal.create(UUID.randomUUID(), details, pipeline, first, "sales", T0);
        assertThat(deal.pullEvents()).extracting(e -> e.eventType().name()).containsExactly("crm.deal.created.v1");
        return deal;
    }

    @Test
    void creationNormalizesTitleMoneyAndContacts() {
        Deal deal = newDeal();
        assertThat(deal.details().title()).isEqualTo("Order");
        assertThat(deal.details().amount().value()).hasToString("1200.00");
        assertThat(deal.details().contactIds()).hasSize(1);
        assertThat(deal.pullStageChanges()).singleElement().satisfies(c -> assertThat(c.fromStageId())
                .isNull());
    }

    @Test
    void aMoveRecordsTheTimeSpentInTheStageItLeft() {
        Deal deal = newDeal();
        deal.pullStageChanges();

        assertThat(deal.moveTo(pipeline, second, "sales", T0.plus(Duration.ofMinutes(90))))
                .isTrue();

        List<DomainEvent> events = deal.pullEvents();
        assertThat(events).singleElement().isInstanceOf(DealEvents.StageChanged.class);
        StageChange change = ((DealEvents.StageChanged) events.getFirst()).change();
        assertThat(change.fromStageId()).isEqualTo(first);
        assertThat(change.toStageId()).isEqualTo(second);
        assertThat(change.millisInPreviousStage())
                .isEqualTo(Duration.ofMinutes(90).toMillis());
        assertThat(deal.stageEnteredAt()).isEqualTo(T0.plus(Duration.ofMinutes(90)));
        assertThat(deal.moveTo(pipeline, second, "sales", T0.plus(Duration.ofHours(2))))
                .isFalse();
        assertThat(deal.version()).isEqualTo(2);
    }

    @Test
    void closedDealsDoNotMoveOrCloseAgainUntilReopened() {
        Deal deal = newDeal();
        deal.win("signed", "sales", T0.plusSeconds(60));
        assertThat(deal.status()).isEqualTo(DealStatus.WON);
        assertThat(deal.closedBy()).isEqualTo("sales");

        assertThatThrownBy(() -> deal.moveTo(pipeline, second, "sales", T0.plusSeconds(120)))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("reopen");
        assertThatThrownBy(() -> deal.lose("late", null, "sales", T0.plusSeconds(120)))
                .isInstanceOf(ProblemException.class);

        deal.reopen(pipeline, first, "sales", T0.plusSeconds(180));
        assertThat(deal.status()).isEqualTo(DealStatus.OPEN);
        assertThat(deal.closedAt()).isNull();
        assertThat(deal.stageEnteredAt()).isEqualTo(T0.plusSeconds(180));
        assertThatThrownBy(() -> deal.reopen(pipeline, first, "sales", T0.plusSeconds(240)))
                .isInstanceOf(ProblemException.class);
        assertThat(deal.pullEvents())
                .extracting(e -> e.eventType().name())
                .containsExactly("crm.deal.won.v1", "crm.deal.reopened.v1");
    }

    @Test
    void detachingAPartyRemovesEveryReferenceAndRecordsOneUpdate() {
        Deal deal = newDeal();
        UUID contact = deal.details().primaryContactId();

        assertThat(deal.detach(contact, "deal-service", T0.plusSeconds(1))).isTrue();

        assertThat(deal.details().primaryContactId()).isNull();
        assertThat(deal.details().contactIds()).isEmpty();
        assertThat(deal.pullEvents()).singleElement().satisfies(e -> assertThat(
                        ((DealEvents.DealChanged) e).changedFields())
                .containsExactly("primaryContactId", "contactIds"));
        assertThat(deal.detach(contact, "deal-service", T0.plusSeconds(2))).isFalse();
    }

    @Test
    void moneyIsExactAndRenderedAtTheCurrencysScale() {
        assertThat(new Money(new BigDecimal("0.1"), "EUR").normalized().value()).hasToString("0.10");
        assertThat(new Money(new BigDecimal("5"), "JPY").normalized().value()).hasToString("5");
        assertThat(new Money(new BigDecimal("1.5"), "BHD").normalized().value()).hasToString("1.500");
        BigDecimal sum = new BigDecimal("0.10").add(new BigDecimal("0.20"));
        assertThat(Money.render(sum, "EUR")).isEqualTo("0.30");
        BigDecimal weighted =
                new BigDecimal("333.33").multiply(BigDecimal.valueOf(15)).divide(BigDecimal.valueOf(100));
        assertThat(Money.render(weighted, "EUR")).isEqualTo("49.9995");
        assertThat(Money.render(new BigDecimal("150.000000"), "JPY")).isEqualTo("150");
    }
}
