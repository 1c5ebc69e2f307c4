package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 12 item 2, distributed mode and docker-compose: the broker console is the standalone broker's own Artemis
 * Console. This starts the real Artemis 2.40.0 distribution with {@code artemis/run-standalone.sh} (as an operator
 * does; distribution from Maven Central through the Maven wrapper, cached by the local repository) on free ports and
 * opens the console in headless Chromium: the operator logs in on its login page and sees the hub's queues with their
 * message counts in the console's Queues view. Over HTTP, as the pages talk to the server ({@code POST
 * /console/auth/login}, then Jolokia at {@code /console/jolokia}): only the operator (role hub-admin) gets in; the
 * services' users, a wrong password, no login and a foreign Origin are refused.
 */
class StandaloneBrokerConsoleTest {

    private static final Path HOME = Path.of("target", "artemis-standalone-console-test").toAbsolutePath();
    private static final String ADMIN_PASSWORD = "console-test-admin";
    private static final String ORDER_APP_PASSWORD = "console-test-order-app";
    private static final String PARTNER_ADAPTERS_PASSWORD = "console-test-partner-adapters";
    private static final String CHANNEL = "notification.commands";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static int brokerPort;
    private static int consolePort;
    private static ArtemisScripts scripts;

    @BeforeAll
    static void startTheStandaloneBroker() throws Exception {
        brokerPort = ArtemisScripts.freePort();
        consolePort = ArtemisScripts.freePort();
        scripts = new ArtemisScripts(HOME, Map.of(
                "HUB_BROKER_PORT", String.valueOf(brokerPort),
                "HUB_BROKER_CONSOLE_PORT", String.valueOf(consolePort),
                "HUB_BROKER_JAVA_MEMORY", "512M",
                "HUB_BROKER_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "ORDER_APP_BROKER_PASSWORD", ORDER_APP_PASSWORD,
                "PARTNER_ADAPTERS_BROKER_PASSWORD", PARTNER_ADAPTERS_PASSWORD));
        scripts.deleteInstance("instance"); // an empty journal; the distribution stays cached
        scripts.run("run-standalone.sh", "--background");
        sendTwoAndDeadLetterOne();
    }

    @AfterAll
    static void stopTheStandaloneBroker() throws Exception {
        if (scripts != null) {
            scripts.run("run-standalone.sh", "stop");
        }
    }

    @Test
    void shouldShowTheOperatorTheHubsQueuesWithTheirMessageCounts() throws Exception {
        HttpClient operator = browserLike();

        HttpResponse<String> page = operator.send(request("/console/").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).as("not logged in yet").isEqualTo("/console/login");
        assertThat(page.body()).contains("ActiveMQ Artemis Management Console");
        assertThat(logIn(operator, "admin", ADMIN_PASSWORD)).isEqualTo(200);

        // what the console's Queues view reads: every queue of the broker with its counts
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(messageCounts(operator))
                .containsKeys("order.replies", "consumer.commands", "kitchen.commands", CHANNEL)
                .containsEntry(CHANNEL, 2L)
                .containsEntry("DLQ." + CHANNEL, 1L)
                .containsEntry("order.replies", 0L));
    }

    @Test
    void shouldShowTheOperatorTheHubsQueuesInABrowser() throws Exception {
        WebDriver browser = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.withMessage(() -> "the console shows: " + browser.findElement(By.tagName("body")).getText()
                    + "\nits browser log: " + browser.manage().logs().get(LogType.BROWSER).getAll());
            logIn(browser, wait, "order-app", ORDER_APP_PASSWORD);
            wait.until(b -> b.getPageSource().contains("Invalid login credentials"));
            assertThat(browser.getCurrentUrl()).as("a service's user stays on the login page").endsWith("/login");

            logIn(browser, wait, "admin", ADMIN_PASSWORD);
            WebElement queuesTab = wait.until(b -> b.findElements(By.xpath("//button[normalize-space(.)='Queues']"))
                    .stream().findFirst().orElse(null));
            queuesTab.click();
            // all of the broker's queues on one page of the table (10 per page by default)
            wait.until(b -> b.findElement(By.id("options-menu-bottom-toggle"))).click();
            wait.until(b -> b.findElement(By.xpath("//button[normalize-space(.)='50 per page']"))).click();

            // the counts the broker holds: two commands nobody consumed, one dead letter, no reply
            wait.until(b -> "2".equals(messageCountShown(b, CHANNEL)));
            wait.until(b -> "1".equals(messageCountShown(b, "DLQ." + CHANNEL)));
            assertThat(messageCountShown(browser, "order.replies")).isEqualTo("0");
            assertThat(messageCountShown(browser, "kitchen.commands")).isEqualTo("0");
            // the picture: the whole table from the tabs down, no row under the mouse
            browser.manage().window().setSize(new Dimension(1600, 1500));
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", queuesTab);
            new Actions(browser).moveToElement(queuesTab).perform();
            HeadlessChromium.screenshot(browser, "artemis-console-queues.png");
        } finally {
            browser.quit();
        }
    }

    /** The console's login page (PatternFly's login form). */
    private static void logIn(WebDriver browser, WebDriverWait wait, String user, String password) {
        browser.get(origin() + "/console/");
        WebElement name = wait.until(b -> b.findElements(By.id("pf-login-username-id")).stream().findFirst()
                .orElse(null));
        name.clear();
        name.sendKeys(user);
        browser.findElement(By.id("pf-login-password-id")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** The Message Count cell of a queue's row in the console's Queues table, null while the row is not shown. */
    private static String messageCountShown(WebDriver page, String queue) {
        String row = "//tr[td[" + column("Name") + "][normalize-space(.)='" + queue + "']]";
        return page.findElements(By.xpath(row + "/td[" + column("Message Count") + "]")).stream()
                .findFirst().map(cell -> cell.getText().trim()).orElse(null);
    }

    /** XPath of a column's position in the table, found by its header. */
    private static String column(String header) {
        return "count(//tr/th[normalize-space(.)='" + header + "']/preceding-sibling::*) + 1";
    }

    /** Queue name → message count, read through the console's Jolokia with the operator's session. */
    private static Map<String, Long> messageCounts(HttpClient operator) throws Exception {
        String everyQueue = "org.apache.activemq.artemis:broker=\"hub-broker\",component=addresses,address=*,"
                + "subcomponent=queues,routing-type=*,queue=*";
        HttpResponse<String> queues = operator.send(jolokiaRead(everyQueue, "MessageCount").header("Origin", origin())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(queues.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(queues.body());
        assertThat(answer.path("status").asInt()).as(queues.body()).isEqualTo(200);
        Map<String, Long> messageCounts = new HashMap<>();
        answer.path("value").properties().forEach(queue -> messageCounts.put(
                queue.getKey().replaceAll(".*queue=\"([^\"]+)\".*", "$1"),
                queue.getValue().path("MessageCount").asLong()));
        return messageCounts;
    }

    /** A Jolokia read as the console's pages send it: a JSON POST. */
    private static HttpRequest.Builder jolokiaRead(String mbean, String attribute) throws Exception {
        return request("/console/jolokia").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("type", "read", "mbean", mbean, "attribute", attribute))));
    }

    @Test
    void shouldRefuseTheConsoleToTheServicesUsersAWrongPasswordAndNoLogin() throws Exception {
        assertThat(logIn(browserLike(), "admin", "not-the-password")).isEqualTo(403);
        assertThat(logIn(browserLike(), "order-app", ORDER_APP_PASSWORD)).as("role order-service").isEqualTo(403);
        assertThat(logIn(browserLike(), "partner-adapters", PARTNER_ADAPTERS_PASSWORD)).as("role partner-service")
                .isEqualTo(403);

        String version = "/console/jolokia/read/org.apache.activemq.artemis:broker=%22hub-broker%22/Version";
        assertThat(status(request(version))).as("no login").isEqualTo(403);
        assertThat(status(request(version).header("Authorization", RawHttp.basic("order-app", ORDER_APP_PASSWORD))))
                .as("a service's user").isEqualTo(403);
        assertThat(status(request(version).header("Authorization", RawHttp.basic("admin", ADMIN_PASSWORD))))
                .as("the operator").isEqualTo(200);
        // a page of another site cannot use an operator's session or login (Jolokia checks the Origin; it answers
        // HTTP 200 with the refusal in the JSON status)
        HttpResponse<String> foreign = HttpClient.newHttpClient().send(
                jolokiaRead("org.apache.activemq.artemis:broker=\"hub-broker\"", "Version")
                        .header("Authorization", RawHttp.basic("admin", ADMIN_PASSWORD))
                        .header("Origin", "http://elsewhere.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(foreign.body()).path("status").asInt()).as(foreign.body()).isEqualTo(403);
    }

    /** Two commands nobody consumes (no service runs) and one body no client can decode, which the hub's broker
     * plugin dead-letters on arrival. */
    private static void sendTwoAndDeadLetterOne() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
                Connection connection = factory.createConnection("admin", ADMIN_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(CHANNEL));
            producer.send(session.createTextMessage("{\"n\":1}"));
            producer.send(session.createTextMessage("{\"n\":2}"));
        }
        try (ForeignClients.CoreSession core = ForeignClients.core(brokerPort, "admin", ADMIN_PASSWORD);
                ClientProducer producer = core.session().createProducer(CHANNEL)) {
            // a text message whose body lacks the string encoding
            producer.send(core.session().createMessage(org.apache.activemq.artemis.api.core.Message.TEXT_TYPE, true));
        }
    }

    private static int logIn(HttpClient client, String user, String password) throws Exception {
        return client.send(request("/console/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("username", user, "password", password)))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Keeps the session cookie, as the console's pages do. */
    private static HttpClient browserLike() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(20));
    }

    private static int status(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String origin() {
        return "http://127.0.0.1:" + consolePort;
    }
}
