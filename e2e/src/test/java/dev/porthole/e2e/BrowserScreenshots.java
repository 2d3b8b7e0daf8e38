package dev.porthole.e2e;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps a screenshot of the page a browser test was on when it failed, in the test output folder next to the
 * server's and runner's logs. It runs right after the test method, before {@code @AfterEach} closes the browser.
 */
class BrowserScreenshots implements AfterTestExecutionCallback {

    @Override
    public void afterTestExecution(ExtensionContext context) {
        var failure = context.getExecutionException();
        if (failure.isEmpty()) {
            return;
        }
        context.getTestInstance().ifPresent(instance -> {
            for (Field field : instance.getClass().getDeclaredFields()) {
                if (field.getType() == Browser.class) {
                    try {
                        field.setAccessible(true);
                        if (field.get(instance) instanceof Browser browser) {
                            browser.screenshot(Processes.outputDir()
                                    .resolve("screenshots")
                                    .resolve(context.getRequiredTestClass().getSimpleName() + "-"
                                            + context.getRequiredTestMethod().getName() + ".png"));
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        failure.get().addSuppressed(e);
                    }
                }
            }
        });
    }
}
