package io.integrationhub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

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
 * An API client opens the browsable documents without logging in (headless Chromium from Debian, as in
 * {@link HawtioBrowserTest}): Swagger UI shows the order service's operations and can switch to partner-adapters'
 * document; v2's page shows v2's operations. Screenshots go to target/screenshots for the README.
 */
@HubSystemTest
class ApiDocsBrowserTest {

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
    void shouldShowBothServicesOperationsInSwaggerUiWithoutLogin() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get("http://127.0.0.1:" + port + "/api/v1/docs/index.html");
        wait.until(b -> !b.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
        List<String> paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(element -> element.getAttribute("data-path")).toList();
        assertThat(paths).contains("/api/v1/orders", "/api/v1/orders/{orderId}");
        HeadlessChromium.screenshot(browser, "swagger-ui.png");
        assertThat(browser.getPageSource()).contains("Partner adapters API");

        assertNoConsoleErrors();
    }

    /** v2 has a page of its own: its operations only, and its money schema among the models. */
    @Test
    void shouldShowTheV2OperationsAndMoneyOnTheirOwnPage() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get("http://127.0.0.1:" + port + "/api/v2/docs/index.html");
        wait.until(b -> !b.findElements(By.cssSelector(".opblock-summary-path")).isEmpty());
        List<String> paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(element -> element.getAttribute("data-path")).toList();
        assertThat(paths).containsExactlyInAnyOrder("/api/v2/orders", "/api/v2/orders", "/api/v2/orders/{orderId}",
                "/api/v2/orders/{orderId}/cancel", "/api/v2/orders/{orderId}/revise");
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).contains("Order service API")
                .contains("v2");
        wait.until(b -> b.findElements(By.cssSelector(".models .model-container")).stream()
                .anyMatch(model -> model.getText().contains("Money")));
        HeadlessChromium.screenshot(browser, "swagger-ui-v2.png");

        assertNoConsoleErrors();
    }

    private static void assertNoConsoleErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }
}
