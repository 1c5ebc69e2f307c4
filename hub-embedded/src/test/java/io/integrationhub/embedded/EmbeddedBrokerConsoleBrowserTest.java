package io.integrationhub.embedded;

import static io.integrationhub.embedded.ForeignClients.ADMIN;
import static io.integrationhub.embedded.ForeignClients.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.management.ObjectName;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.integrationhub.embedded.ForeignClients.Protocol;

/**
 * Issue 12 item 2, embedded mode: the operator's broker view is Hawtio's JMX plugin on the embedded broker's own
 * management MBeans (Artemis 2.40's console plugin cannot be loaded into Hawtio 5, see artemis/README.md). In a real
 * browser: after the operator login, the broker's addresses and queues are listed in the tree and a queue's page shows
 * its message and consumer counts as the broker reports them; a dead letter shows in its DLQ's count. Without the
 * operator login nothing of it is reachable: a wrong password stays on the login form, the partner role gets 403, and
 * Jolokia (the console's only way to the MBeans) answers 401/403.
 */
@HubSystemTest
class EmbeddedBrokerConsoleBrowserTest {

    private static final String CHANNEL = "notification.commands";

    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Value("${hub.broker.embedded.port}")
    int brokerPort;

    @Value("${hub.broker.embedded.name}")
    String brokerName;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shouldShowAnOperatorTheBrokersQueuesWithTheirMessageAndConsumerCounts() throws Exception {
        deadLetterOneMessage();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        // the login returns to the page asked for: the order.replies queue in Hawtio's JMX tree
        HeadlessChromium.logIn(browser, queuePage("order.replies"), "admin", "test-admin-password");
        wait.until(b -> b.getCurrentUrl().contains("/actuator/hawtio/jmx")
                && !attributeRow(b, "ConsumerCount").isEmpty());
        // the tree lists the broker's addresses (every channel and its dead-letter queue)
        assertThat(browser.findElements(By.xpath("//*[normalize-space(text())='DLQ.order.replies']"))).isNotEmpty();
        assertThat(browser.findElements(By.xpath("//*[normalize-space(text())='" + CHANNEL + "']"))).isNotEmpty();
        wait.until(b -> attributeValue(b, "ConsumerCount").equals(shown("order.replies", "ConsumerCount")));
        assertThat(queueAttribute("order.replies", "ConsumerCount")).as("order-app's listeners").isNotEqualTo(0);
        wait.until(b -> attributeValue(b, "MessageCount").equals(shown("order.replies", "MessageCount")));
        showRow("MessageCount");
        HeadlessChromium.tallScreenshot(browser, "hawtio-broker-queue.png", 1400);

        // the dead letter, counted on its DLQ's page
        String deadLetters = "DLQ." + CHANNEL;
        browser.get(queuePage(deadLetters));
        wait.until(b -> !attributeRow(b, "MessageCount").isEmpty());
        long count = queueAttribute(deadLetters, "MessageCount");
        assertThat(count).isPositive();
        wait.until(b -> attributeValue(b, "MessageCount").equals(shown(deadLetters, "MessageCount")));
        showRow("MessageCount");
        HeadlessChromium.tallScreenshot(browser, "hawtio-broker-dead-letters.png", 1400);
        assertThat(browser.getCurrentUrl()).doesNotContain("login");
    }

    @Test
    void shouldRefuseTheBrokerViewToAWrongPasswordAndToThePartnerRole() throws Exception {
        WebDriver fresh = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(fresh, Duration.ofSeconds(60));
            HeadlessChromium.logIn(fresh, queuePage("order.replies"), "admin", "not-the-password");
            wait.until(b -> b.getCurrentUrl().contains("/login?error"));
            assertThat(fresh.findElements(By.name("password"))).isNotEmpty();

            HeadlessChromium.logIn(fresh, queuePage("order.replies"), "partner", "test-partner-password");
            wait.until(b -> b.getPageSource().contains("403"));
            assertThat(fresh.getPageSource()).doesNotContain("MessageCount").doesNotContain("Hawtio");
        } finally {
            fresh.quit();
        }

        // what the console reads the counts with: Jolokia, operator only
        String read = "http://127.0.0.1:" + port + "/actuator/jolokia/read/"
                + queueMBean("order.replies").getCanonicalName().replace("\"", "%22") + "/MessageCount";
        assertThat(get(read, null)).isEqualTo(401);
        assertThat(get(read, RawHttp.basic("partner", "test-partner-password"))).isEqualTo(403);
        assertThat(get(read, HubSystemTest.OPERATOR_BASIC)).isEqualTo(200);
    }

    private String queuePage(String queue) {
        // Hawtio's node id of a queue: domain, broker, then the key values of the queue's object name in order
        return "http://127.0.0.1:" + port + "/actuator/hawtio/jmx/attributes?nid=org.apache.activemq.artemis-"
                + brokerName + "-addresses-" + queue + "-queues-anycast-" + queue;
    }

    /** Scrolls the attribute table (its own scroll pane) so the screenshot shows that row. */
    private static void showRow(String attribute) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                attributeRow(browser, attribute).get(0));
    }

    private static List<WebElement> attributeRow(WebDriver page, String attribute) {
        return page.findElements(By.xpath("//tr[td[normalize-space(.)='" + attribute + "']]"));
    }

    /** The value cell of an attribute in Hawtio's attribute table, "" while the table is not there. */
    private static String attributeValue(WebDriver page, String attribute) {
        return attributeRow(page, attribute).stream().findFirst()
                .map(row -> row.findElements(By.tagName("td")))
                .filter(cells -> cells.size() >= 2)
                .map(cells -> cells.get(1).getText().trim())
                .orElse("");
    }

    private ObjectName queueMBean(String queue) throws Exception {
        return new ObjectName("org.apache.activemq.artemis:broker=\"" + brokerName + "\",component=addresses,address=\""
                + queue + "\",subcomponent=queues,routing-type=\"anycast\",queue=\"" + queue + "\"");
    }

    private String shown(String queue, String attribute) {
        return String.valueOf(queueAttribute(queue, attribute));
    }

    /** What the broker itself says, read in this JVM (the embedded broker registers its MBeans here). */
    private long queueAttribute(String queue, String attribute) {
        try {
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(queueMBean(queue), attribute))
                    .longValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command of a type nobody handles: the adapter dead-letters it at once. */
    private void deadLetterOneMessage() throws Exception {
        long before = queueAttribute("DLQ." + CHANNEL, "MessageCount");
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = ForeignClients.connect(Protocol.CORE, brokerPort, ADMIN, ADMIN_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message message = session.createTextMessage("{\"consumerId\":\"c-console\",\"orderId\":\"o-console\"}");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("messageType", "NoSuchCommand");
            message.setStringProperty("messageVersion", "1.0");
            message.setStringProperty("aggregateType", "Order");
            message.setStringProperty("aggregateId", "o-console");
            session.createProducer(session.createQueue(CHANNEL)).send(message);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> queueAttribute("DLQ." + CHANNEL, "MessageCount") > before);
    }

    private static int get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
