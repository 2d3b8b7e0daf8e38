package dev.porthole.e2e;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Keeps a screenshot of the page a browser test was on when it failed, in the test output folder, next to the
 * server's and runner's logs.
 */
class BrowserScreenshots implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
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
                        cause.addSuppressed(e);
                    }
                }
            }
        });
    }
}
