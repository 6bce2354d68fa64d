package dev.escu.pssession.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.escu.pssession.support.ServiceTest;

/** Off by default: the service as every other test runs it has no consumer, and nothing of Kafka in its health. */
class KafkaIntakeOffTest extends ServiceTest {

    @Autowired
    ApplicationContext context;

    @Test
    void noConsumerRunsAndHealthKnowsNoKafkaUnlessEnabled() {
        assertThat(context.getBeansOfType(MessageListenerContainer.class)).isEmpty();
        assertThat(context.getBeansOfType(KafkaIntakeListener.class)).isEmpty();
        assertThat(context.getBeansOfType(KafkaIntakeHealthIndicator.class)).isEmpty();
        assertThat(api.get("/actuator/health").json().path("components").has("kafkaIntake")).isFalse();
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }
}
