package dev.escu.pssession.ingest;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.escu.pssession.web.IngestBusy;

/**
 * Lets {@code pssession.ingest.concurrent-requests} HTTP ingest requests read and store at a time;
 * the others wait their turn, first come first served, before their body is read (the sender's upload
 * waits in TCP; a multipart upload is on disk by then), for at most {@code pssession.ingest.admission-wait},
 * and are then answered 503 with {@code Retry-After} (on the HEC paths HEC's "Server is busy", which
 * shippers retry).
 *
 * <p>Why: a request holds a database connection while it stores, and on a small database more
 * batches at once than it has cores only queue inside PostgreSQL, on each other's row locks. Without
 * a turn, a flood from many senders took every pooled connection: requests beyond the pool failed
 * after the pool's connection timeout with half their body read (and reads of the findings with
 * them), so senders retried work that had been done. The Kafka intake has its own bound (its
 * consumers) and does not pass here.
 */
@Configuration(proxyBeanMethods = false)
class IngestAdmission implements HandlerInterceptor, WebMvcConfigurer {

    /** Every path that ingests: the service's own and Splunk HEC's. */
    static final String[] PATHS = {"/api/v1/events", "/services/collector", "/services/collector/event",
        "/services/collector/event/1.0", "/services/collector/raw", "/services/collector/raw/1.0"};

    private static final String HOLDS_TURN = IngestAdmission.class.getName() + ".turn";

    private final Semaphore turns;
    private final int concurrentRequests;
    private final Duration wait;
    private final AtomicInteger waiting = new AtomicInteger();
    private final IngestMetrics metrics;

    IngestAdmission(IngestProperties properties, IngestMetrics metrics) {
        this.concurrentRequests = properties.concurrentRequests();
        this.turns = new Semaphore(concurrentRequests, true);
        this.wait = properties.admissionWait();
        this.metrics = metrics;
        metrics.admission(waiting, turns, concurrentRequests);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(PATHS);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        boolean turn;
        waiting.incrementAndGet();
        try {
            turn = turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
            turn = false;
        } finally {
            waiting.decrementAndGet();
        }
        if (!turn) {
            metrics.busy();
            throw new IngestBusy("Every ingest turn (" + concurrentRequests + ", pssession.ingest.concurrent-requests) "
                    + "stayed taken while this batch waited " + wait.toMillis() + " ms (pssession.ingest.admission-wait); "
                    + "nothing of it was stored. Retry later.");
        }
        request.setAttribute(HOLDS_TURN, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(HOLDS_TURN) != null) {
            request.removeAttribute(HOLDS_TURN);
            turns.release();
        }
    }
}
