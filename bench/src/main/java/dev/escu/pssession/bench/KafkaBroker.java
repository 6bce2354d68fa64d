package dev.escu.pssession.bench;

import java.util.Locale;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka broker of the Kafka measurement: spring-kafka-test's embedded KRaft broker (one broker,
 * the same Kafka as the service's client, from Maven Central; no download, no Docker) in a JVM of its
 * own, on a free port it prints ({@code kafka broker ready on HOST:PORT}), until killed. Its logs live in
 * the JVM's temporary directory.
 */
public final class KafkaBroker {

    public static void main(String[] args) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("auto.create.topics.enable", "false");
        // records up to 16 MiB, as the service's fetch size takes them
        broker.brokerProperty("message.max.bytes", String.valueOf(16 << 20));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        System.out.printf(Locale.ROOT, "kafka broker ready on %s (pid %d)%n", broker.getBrokersAsString(),
                ProcessHandle.current().pid());
        Thread.currentThread().join();
    }
}
