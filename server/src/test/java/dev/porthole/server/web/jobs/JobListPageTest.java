package dev.porthole.server.web.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.WebSession;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.project.Project;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs list: newest first, GitLab's tabs with their counts, pages of 30, and what an empty tab says. */
class JobListPageTest extends PagesWithRunner {
    private Project project;
    private WebSession visitor;

    @BeforeEach
    void aProjectWith35Jobs() {
        cast();
        var yaml = new StringBuilder();
        for (int i = 1; i <= 35; i++) {
            yaml.append("job").append(i).append(":\n  tags: [TAG]\n  script: [\"true\"]\n");
        }
        project = project(yaml.toString());
        pipeline(project);
        visitor = signedIn(reporter);
    }

    private static int rows(String body) {
        return (int) Pattern.compile("<tr data-job-id=").matcher(body).results().count();
    }

    @Test
    void thirtyJobsAPageNewestFirst() {
        var first = visitor.get(path(project) + "/-/jobs");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(rows(first.body())).isEqualTo(30);
        assertThat(first.body()).contains("Page 1 of 2").contains("data-testid=\"next-page\"");
        assertThat(first.body().indexOf(">job35<")).isLessThan(first.body().indexOf(">job34<"));
        var second = visitor.get(path(project) + "/-/jobs?page=2");
        assertThat(rows(second.body())).isEqualTo(5);
        assertThat(second.body()).contains(">job1<").contains("rel=\"prev\"");
    }

    @Test
    void tabsShowTheirJobsAndCounts() {
        Job running = take();
        Job done = take();
        succeed(done);
        var runningTab = visitor.get(path(project) + "/-/jobs?scope=running");
        assertThat(rows(runningTab.body())).isEqualTo(1);
        assertThat(runningTab.body()).contains("data-job-id=\"" + running.id() + "\"");
        assertThat(runningTab.body()).containsPattern("Running <span class=\"badge\">1</span>");
        assertThat(runningTab.body()).containsPattern("Pending <span class=\"badge\">33</span>");
        var finished = visitor.get(path(project) + "/-/jobs?scope=finished");
        assertThat(rows(finished.body())).isEqualTo(1);
        assertThat(finished.body()).contains("data-job-id=\"" + done.id() + "\"");
    }

    @Test
    void emptyTabsAndOddParametersSayWhatToDo() {
        var finished = visitor.get(path(project) + "/-/jobs?scope=finished");
        assertThat(finished.body()).contains("No finished jobs").contains("See all jobs");
        var nonsense = visitor.get(path(project) + "/-/jobs?scope=nonsense&page=abc");
        assertThat(nonsense.statusCode()).isEqualTo(200);
        assertThat(rows(nonsense.body())).isEqualTo(30);
        var beyond = visitor.get(path(project) + "/-/jobs?page=99");
        assertThat(beyond.body()).contains("No jobs on this page").contains("Go to the first page");
    }

    @Test
    void aProjectWithoutJobsSaysHowToGetSome() {
        Project empty = project("build:\n  script: [make]\n");
        var page = visitor.get(path(empty) + "/-/jobs");
        assertThat(page.body()).contains("No jobs yet").contains(".gitlab-ci.yml");
    }

    @Test
    void theListIsForReadersOnly() {
        assertThat(anonymousVisitor().get(path(project) + "/-/jobs").statusCode())
                .isEqualTo(302);
        assertThat(signedIn(stranger).get(path(project) + "/-/jobs").statusCode())
                .isEqualTo(404);
    }
}
