package io.atrium.platform.test;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One real in-process KRaft broker per JVM, shared by every test class and every Spring context in it. */
public final class TestKafka {

    private static volatile EmbeddedKafkaKraftBroker broker;

    private TestKafka() {}

    public static String bootstrapServers() {
        return broker().getBrokersAsString();
    }

    public static EmbeddedKafkaKraftBroker broker() {
        EmbeddedKafkaKraftBroker b = broker;
        if (b == null) {
            synchronized (TestKafka.class) {
                b = broker;
                if (b == null) {
                    b = new EmbeddedKafkaKraftBroker(1, 1);
                    b.brokerProperties(Map.of(
                            "auto.create.topics.enable",
                            "false",
                            "group.initial.rebalance.delay.ms",
                            "0",
                            "transaction.state.log.replication.factor",
                            "1",
                            "transaction.state.log.min.isr",
                            "1"));
                    b.afterPropertiesSet();
                    EmbeddedKafkaKraftBroker started = b;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "embedded-kafka-stop"));
                    broker = b;
                }
            }
        }
        return b;
    }
}
