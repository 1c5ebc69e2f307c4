package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An operator logs in and uses Hawtio in a real browser (headless Chromium from Debian, driven by Selenium through
 * Debian's chromedriver), outside the dev profile: login form → Hawtio → Camel → routes → a route's diagram, and is
 * still there afterwards (it used to be thrown back to the login page: no XSRF-TOKEN cookie, Jolokia POSTs 403).
 * Screenshots go to target/screenshots for the README.
 */
@HubSystemTest
class HawtioBrowserTest {

    private static WebDriver browser;

    @LocalServerPort
    int port;

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
    void shouldLetAnOperatorLogInAndBrowseCamelRoutesAndADiagramWithoutBeingLoggedOut() throws Exception {
        String base = "http://127.0.0.1:" + port;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        logIn(browser, wait, base + "/actuator/hawtio/");

        // Hawtio after the login, with the Camel plugin's route list
        wait.until(b -> b.getCurrentUrl().contains("/actuator/hawtio"));
        browser.get(base + "/actuator/hawtio/camel/routes");
        wait.until(b -> b.getPageSource().contains("order-replies"));
        screenshot("hawtio-camel-routes.png");
        assertThat(browser.manage().getCookieNamed("XSRF-TOKEN")).as("the CSRF cookie Hawtio sends back").isNotNull();

        // a route's diagram: select the route in Camel's tree, open its Route Diagram tab
        browser.findElement(By.xpath("//*[normalize-space(text())='order-replies']")).click();
        By diagramTab = By.xpath("//*[normalize-space(text())='Route Diagram']");
        wait.until(b -> !b.findElements(diagramTab).isEmpty());
        browser.findElement(diagramTab).click();
        try {
            wait.until(b -> b.findElements(By.cssSelector(".react-flow__node")).size() >= 3);
        } finally {
            screenshot("hawtio-route-diagram.png");
        }
        assertThat(browser.findElements(By.xpath("//h1[normalize-space(.)='order-replies']"))).hasSize(1);

        // still logged in a while later: Hawtio polls Jolokia with POSTs; a 403 there logs the operator out
        browser.get(base + "/actuator/hawtio/camel/routes");
        wait.until(b -> b.getPageSource().contains("order-replies"));
        long until = System.currentTimeMillis() + 8_000;
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> System.currentTimeMillis() > until);
        assertThat(browser.getCurrentUrl()).contains("/actuator/hawtio").doesNotContain("login");
        assertThat(browser.findElements(By.name("password"))).isEmpty();
        List<LogEntry> forbidden = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                // Chromium's words for a refused request; a bare "403" also matched a port number (127.0.0.1:40371)
                .filter(entry -> entry.getMessage().matches("(?s).*(status of 403|403 \\(Forbidden\\)).*")).toList();
        assertThat(forbidden).as("browser console entries with 403").isEmpty();
    }

    @Test
    void shouldLandInHawtioAfterALoginOpenedAtTheLoginPage() {
        WebDriver fresh = HeadlessChromium.start();
        try {
            String base = "http://127.0.0.1:" + port;
            WebDriverWait wait = new WebDriverWait(fresh, Duration.ofSeconds(60));
            logIn(fresh, wait, base + "/login");
            wait.until(b -> b.getCurrentUrl().contains("/actuator/hawtio"));
            wait.until(b -> b.getPageSource().contains("Camel"));
        } finally {
            fresh.quit();
        }
    }

    private static void logIn(WebDriver browser, WebDriverWait wait, String url) {
        HeadlessChromium.logIn(browser, url, "admin", "test-admin-password");
    }

    private static void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(browser, name);
    }
}
