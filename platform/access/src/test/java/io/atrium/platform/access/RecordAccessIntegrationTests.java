package io.atrium.platform.access;

import static io.atrium.platform.test.AccessMatrix.ADMIN;
import static io.atrium.platform.test.AccessMatrix.EAST_MANAGER;
import static io.atrium.platform.test.AccessMatrix.EAST_MATE;
import static io.atrium.platform.test.AccessMatrix.EAST_REP;
import static io.atrium.platform.test.AccessMatrix.FORMER_REP;
import static io.atrium.platform.test.AccessMatrix.MARKETER;
import static io.atrium.platform.test.AccessMatrix.OTHER_SUPPORT;
import static io.atrium.platform.test.AccessMatrix.SUPPORT;
import static io.atrium.platform.test.AccessMatrix.VIEWER;
import static io.atrium.platform.test.AccessMatrix.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atrium.platform.test.AccessMatrix;
import io.atrium.platform.test.DirectoryEvents;
import io.atrium.platform.test.OwnerEvents;
import io.atrium.platform.web.ProblemException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

@SpringBootTest
@Import(RecordAccessIntegrationTests.Reassignments.class)
class RecordAccessIntegrationTests {

    @Autowired
    RecordAccess access;

    @Autowired
    People people;

    @Autowired
    AccessProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    KafkaTemplate<Object, Object> kafka;

    @Autowired
    Reassignments reassignments;

    DirectoryEvents directory;

    @BeforeEach
    void provision() {
        directory = new DirectoryEvents(kafka, jdbc);
        AccessMatrix.provision(directory);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theDefaultPolicyIsBoundFromConfiguration() {
        assertThat(properties.rule("sales", RecordType.DEAL))
                .isEqualTo(new AccessProperties.Rule(Level.ALL, Level.TEAM));
        assertThat(properties.rule("read-only", RecordType.DEAL))
                .isEqualTo(new AccessProperties.Rule(Level.ALL, Level.NONE));
        assertThat(properties.rule("support", RecordType.TICKET))
                .isEqualTo(new AccessProperties.Rule(Level.TEAM, Level.TEAM));
        assertThat(properties.rule("no-such-role", RecordType.CONTACT))
                .isEqualTo(new AccessProperties.Rule(Level.NONE, Level.NONE));
    }

    @Test
    void writeCannotReachFurtherThanRead() {
        assertThatThrownBy(() -> new AccessProperties.Rule(Level.OWN, Level.ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot change what it cannot see");
    }

    @Test
    void aRepChangesTheirTeamsDealsAndReadsEveryone() {
        signIn(EAST_REP);
        assertThat(access.read(RecordType.DEAL).all()).isTrue();
        Scope write = access.write(RecordType.DEAL);
        assertThat(write.all()).isFalse();
        assertThat(write.subjects()).containsExactlyInAnyOrder(EAST_REP, EAST_MATE, EAST_MANAGER);
        assertThat(write.permits(EAST_MATE)).isTrue();
        assertThat(write.permits(WEST_REP)).isFalse();

        signIn(WEST_REP);
        assertThat(access.write(RecordType.DEAL).subjects()).containsExactlyInAnyOrder(WEST_REP, FORMER_REP);
    }

    @Test
    void ownLevelReachesOnlyTheCallerUnlessTheyManage() {
        signIn(MARKETER);
        assertThat(access.read(RecordType.TASK).subjects()).containsExactly(MARKETER);
        assertThat(access.write(RecordType.DEAL).none()).isTrue();

        signIn(EAST_MANAGER);
        // sales tasks are team-level; a manager's own-level reach still covers the team they manage
        assertThat(access.write(RecordType.ACTIVITY).subjects())
                .containsExactlyInAnyOrder(EAST_MANAGER, EAST_REP, EAST_MATE);
        assertThat(access.write(RecordType.ACTIVITY).teams())
                .containsExactly(DirectoryEvents.teamId(AccessMatrix.EAST));
    }

    @Test
    void supportReachesTheTicketsOfTheirTeam() {
        signIn(SUPPORT);
        Scope tickets = access.write(RecordType.TICKET);
        assertThat(tickets.permits(null, AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM)))
                .isTrue();
        assertThat(tickets.permits(null, AccessMatrix.teamId(AccessMatrix.OTHER_SUPPORT_TEAM)))
                .isFalse();
        assertThat(tickets.permits(OTHER_SUPPORT, null)).isFalse();
        assertThat(access.write(RecordType.DEAL).none()).isTrue();
    }

    @Test
    void adminsReachEverythingAndViewersChangeNothing() {
        signIn(ADMIN);
        for (RecordType type : RecordType.values()) {
            assertThat(access.write(type)).isEqualTo(Scope.ALL);
        }
        signIn(VIEWER);
        for (RecordType type : RecordType.values()) {
            assertThat(access.read(type).all()).isTrue();
            assertThat(access.write(type).none()).isTrue();
        }
    }

    @Test
    void onlyTheOwnerTheirManagerAndAdminsMayReOwn() {
        signIn(EAST_REP);
        assertThat(access.ownerOrManager(EAST_REP)).isTrue();
        assertThat(access.ownerOrManager(EAST_MATE)).isFalse();
        signIn(EAST_MANAGER);
        assertThat(access.ownerOrManager(EAST_REP)).isTrue();
        assertThat(access.ownerOrManager(WEST_REP)).isFalse();
        signIn(ADMIN);
        assertThat(access.ownerOrManager(WEST_REP)).isTrue();

        signIn(EAST_MATE);
        assertThatThrownBy(() -> access.requireOwnerOrManager(RecordType.DEAL, EAST_REP, "win it"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getMessage()).contains("east-rep").contains("win it");
                });
    }

    @Test
    void aRecordOutOfReadReachIsNotFoundAndOutOfWriteReachForbidden() {
        signIn(SUPPORT);
        String otherTeam = AccessMatrix.teamId(AccessMatrix.OTHER_SUPPORT_TEAM);
        assertThatThrownBy(() -> access.requireReadable(
                        RecordType.TICKET, OTHER_SUPPORT, otherTeam, () -> ProblemException.notFound("Ticket", "x")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        signIn(MARKETER);
        assertThatThrownBy(() -> access.requireWritable(
                        RecordType.DEAL, EAST_REP, null, () -> ProblemException.notFound("Deal", "x")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void scopesFilterInSql() {
        jdbc.sql("create temporary table probe_record (owner text, team text)").update();
        jdbc.sql("insert into probe_record values ('east-rep', null), ('west-rep', null), (null, :support),"
                        + " (null, :other)")
                .param("support", AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM))
                .param("other", AccessMatrix.teamId(AccessMatrix.OTHER_SUPPORT_TEAM))
                .update();
        signIn(EAST_REP);
        assertThat(count(access.write(RecordType.DEAL))).isEqualTo(1);
        signIn(SUPPORT);
        assertThat(count(access.write(RecordType.TICKET))).isEqualTo(1);
        assertThat(count(access.write(RecordType.DEAL))).isZero();
        signIn(ADMIN);
        assertThat(count(access.write(RecordType.DEAL))).isEqualTo(4);
    }

    @Test
    void ownersAssigneesAndTeamsMustBeKnownAndActive() {
        people.requireKnown(
                List.of(new People.UserField("ownerId", EAST_REP)),
                List.of(new People.TeamField("team", AccessMatrix.teamId(AccessMatrix.SUPPORT_TEAM))));
        assertThatThrownBy(() -> people.requireKnown(
                        List.of(
                                new People.UserField("ownerId", "nobody"),
                                new People.UserField("assignee", FORMER_REP),
                                new People.UserField("watcher", null)),
                        List.of(
                                new People.TeamField("team", "not-a-uuid"),
                                new People.TeamField(
                                        "otherTeam", UUID.randomUUID().toString()))))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(e.getMessage())
                            .contains("ownerId: no user with subject 'nobody'")
                            .contains("assignee: user 'former-rep' is deactivated")
                            .contains("team: no team")
                            .contains("otherTeam: no team")
                            .doesNotContain("watcher");
                });
    }

    @Test
    void aReassignmentRequestReachesTheServiceOnce() {
        UUID id = UUID.randomUUID();
        ObjectNode data = OwnerEvents.exampleData("crm.user.reassignment-requested.v1");
        ((ObjectNode) data.get("reassignment"))
                .put("id", id.toString())
                .put("fromSubject", FORMER_REP)
                .put("toSubject", WEST_REP)
                .put("requestedBy", ADMIN);
        UUID former = DirectoryEvents.userId(FORMER_REP);
        long version = System.nanoTime();
        directory.publish("crm.user.reassignment-requested.v1", former, version, data);
        directory.publish("crm.user.reassignment-requested.v1", former, version, data);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reassignments.seen.stream()
                .anyMatch(r -> r.id().equals(id)));
        assertThat(reassignments.seen.stream().filter(r -> r.id().equals(id)))
                .singleElement()
                .isEqualTo(new ReassignmentRequested(id, FORMER_REP, WEST_REP, ADMIN));
    }

    private long count(Scope scope) {
        return scope.bind(jdbc.sql("select count(*) from probe_record where " + scope.where("owner", "team")))
                .query(Long.class)
                .single();
    }

    private static void signIn(String subject) {
        SecurityContextHolder.getContext()
                .setAuthentication(new TestingAuthenticationToken(subject, null, "ROLE_" + AccessMatrix.role(subject)));
    }

    @Component
    static class Reassignments {

        final List<ReassignmentRequested> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ReassignmentRequested request) {
            seen.add(request);
        }
    }
}
