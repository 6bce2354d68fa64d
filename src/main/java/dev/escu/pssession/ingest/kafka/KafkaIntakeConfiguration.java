package dev.escu.pssession.ingest.kafka;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.escu.pssession.ingest.EventFormats;
import dev.escu.pssession.ingest.EventIntake;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Kafka intake, only with {@code pssession.kafka.enabled=true}: one listener container (a consumer
 * group member per {@code concurrency}) on the configured topics, batch listener, offsets committed
 * after each batch is stored (ack mode BATCH, synchronous commits), batches tried again with back-off
 * and without end while the database is away. Consumers come from Spring Boot's consumer factory
 * ({@code spring.kafka.*}, with its Micrometer client metrics: lag as
 * {@code kafka_consumer_fetch_manager_records_lag_max}); keys and values are read as slices of the
 * fetched bytes ({@code ByteBufferDeserializer}: no copy per record).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("pssession.kafka.enabled")
class KafkaIntakeConfiguration {

    static final String CONTAINER_BEAN = "pssessionKafkaIntake";

    @Bean
    KafkaIntakeState kafkaIntakeState(Clock clock) {
        return new KafkaIntakeState(clock);
    }

    @Bean
    DeadLetterPublisher kafkaDeadLetterPublisher(ProducerFactory<?, ?> producerFactory, KafkaIntakeProperties properties) {
        Map<String, Object> bytes = new HashMap<>();
        bytes.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        bytes.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        @SuppressWarnings("unchecked")
        ProducerFactory<byte[], byte[]> factory = (ProducerFactory<byte[], byte[]>) producerFactory.copyWithConfigurationOverride(bytes);
        return new DeadLetterPublisher(new KafkaTemplate<>(factory), properties);
    }

    @Bean
    KafkaIntakeListener kafkaIntakeListener(EventIntake intake, EventFormats parsers, KafkaIntakeProperties properties,
                                            DeadLetterPublisher deadLetters, KafkaIntakeState state,
                                            MeterRegistry registry) {
        return new KafkaIntakeListener(intake, parsers, properties, deadLetters, state, registry);
    }

    @Bean(CONTAINER_BEAN)
    ConcurrentMessageListenerContainer<ByteBuffer, ByteBuffer> kafkaIntakeContainer(ConsumerFactory<?, ?> consumerFactory,
                                                                          KafkaIntakeListener listener,
                                                                          KafkaIntakeProperties properties) {
        ContainerProperties container = new ContainerProperties(properties.topicFormats().keySet().toArray(String[]::new));
        container.setGroupId(properties.groupId());
        container.setMessageListener(listener);
        // offsets of a poll are committed, synchronously, once the listener returned: after the database commit
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setSyncCommits(true);
        container.setShutdownTimeout(properties.shutdownTimeout().toMillis());
        container.setMissingTopicsFatal(false);
        Properties consumer = new Properties();
        // keys and values as slices of the fetched bytes, not a copy of each (ByteArrayDeserializer's)
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        container.setKafkaConsumerProperties(consumer);

        @SuppressWarnings("unchecked")
        ConsumerFactory<ByteBuffer, ByteBuffer> bytes = (ConsumerFactory<ByteBuffer, ByteBuffer>) consumerFactory;
        ConcurrentMessageListenerContainer<ByteBuffer, ByteBuffer> listenerContainer =
                new ConcurrentMessageListenerContainer<>(bytes, container);
        listenerContainer.setConcurrency(properties.concurrency());
        listenerContainer.setCommonErrorHandler(retryWithoutEnd(properties));
        return listenerContainer;
    }

    /** The same batch again, after 1 s, 2 s, 4 s ... up to the maximum, for as long as it fails: nothing is skipped. */
    private static DefaultErrorHandler retryWithoutEnd(KafkaIntakeProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryBackoffMax().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }

    @Bean
    KafkaIntakeHealthIndicator kafkaIntakeHealthIndicator(ConcurrentMessageListenerContainer<ByteBuffer, ByteBuffer> kafkaIntakeContainer,
                                                          KafkaIntakeState state, KafkaIntakeProperties properties) {
        return new KafkaIntakeHealthIndicator(kafkaIntakeContainer, state, properties);
    }
}
