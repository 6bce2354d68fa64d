package dev.escu.pssession.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.escu.pssession.PsSessionDetectorApplication;

/**
 * A whole service instance started by a test, outside Spring's test context cache, on the suite's
 * PostgreSQL: for tests that run two instances side by side or stop one.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceInstance start(String... extraProperties) {
        TestDatabase.Connection db = TestDatabase.get();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.main.banner-mode=off"));
        String[][] keys = {{"admin-test", "admin", TestKeys.ADMIN}, {"shipper-test", "ingest", TestKeys.INGEST}};
        for (int i = 0; i < keys.length; i++) {
            args.add("--pssession.security.api-keys[" + i + "].name=" + keys[i][0]);
            args.add("--pssession.security.api-keys[" + i + "].role=" + keys[i][1]);
            args.add("--pssession.security.api-keys[" + i + "].sha256=" + TestKeys.sha256(keys[i][2]));
        }
        for (String property : extraProperties) {
            args.add("--" + property);
        }
        return new ServiceInstance(new SpringApplicationBuilder(PsSessionDetectorApplication.class)
                .run(args.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public HttpApi api() {
        return new HttpApi(port());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
