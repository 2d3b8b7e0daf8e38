package dev.porthole.server.web.projects;

import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectRole;
import dev.porthole.server.repository.BlobContent;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.repository.TreeEntry;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.trigger.PipelineTrigger;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;
import dev.porthole.server.web.project.ProjectPages;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A project's overview ({@code /<namespace>/<project>}: clone URL, the default branch's latest pipeline, its files
 * and README, or what to do first), and its files at any ref ({@code /-/tree/<ref>/<path>}, {@code
 * /-/blob/<ref>/<path>}).
 */
@Controller
class OverviewPage {
    /** Files larger than this show their first part only: a page never holds a whole large file. */
    static final int BLOB_LIMIT = 512 * 1024;

    private static final int README_LIMIT = 64 * 1024;
    private static final Set<String> READMES = Set.of("readme.md", "readme", "readme.txt", "readme.markdown");

    private final ProjectPages pages;
    private final RepositoryStorage repositories;
    private final PipelineStore pipelines;
    private final ExternalUrl url;

    OverviewPage(ProjectPages pages, RepositoryStorage repositories, PipelineStore pipelines, ExternalUrl url) {
        this.pages = pages;
        this.repositories = repositories;
        this.pipelines = pipelines;
        this.url = url;
    }

    // Two-segment paths are also where static files live (/assets/porthole.css): those names are no namespace.
    @GetMapping("/{namespace:(?!assets$|api$|-$).+}/{project}")
    String overview(Viewer viewer, @PathVariable String namespace, @PathVariable String project, Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Project p = role.project();
        String branch = p.defaultBranch();
        model.addAttribute("role", role);
        model.addAttribute("cloneUrl", cloneUrl(p));
        model.addAttribute("branches", repositories.branches(p.id()));
        model.addAttribute("empty", repositories.isEmpty(p.id()));
        var commit = repositories.commit(p.id(), "refs/heads/" + branch);
        model.addAttribute("commit", commit.orElse(null));
        model.addAttribute("pipeline", pipelines.latestForBranch(p.id(), branch).orElse(null));
        List<TreeEntry> files =
                commit.flatMap(c -> repositories.tree(p.id(), c.sha(), "")).orElse(List.of());
        model.addAttribute("files", files);
        model.addAttribute("hasCiConfig", files.stream().anyMatch(f -> f.name().equals(PipelineTrigger.CONFIG_FILE)));
        Optional<BlobContent> readme = files.stream()
                .filter(f -> !f.folder() && READMES.contains(f.name().toLowerCase(Locale.ROOT)))
                .findFirst()
                .flatMap(f -> commit.flatMap(c -> repositories.blob(p.id(), c.sha(), f.path(), README_LIMIT)));
        model.addAttribute("readme", readme.filter(r -> !r.binary()).orElse(null));
        return "projects/show";
    }

    @GetMapping("/{namespace}/{project}/-/tree/{*tail}")
    String tree(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable String tail,
            Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Project p = role.project();
        RefPath at = RefPath.resolve(repositories, p.id(), tail).orElseThrow(() -> missing(p, tail));
        List<TreeEntry> entries = repositories.tree(p.id(), at.sha(), at.path()).orElseThrow(() -> missing(p, tail));
        model.addAttribute("role", role);
        model.addAttribute("at", at);
        model.addAttribute("entries", entries);
        model.addAttribute("branches", repositories.branches(p.id()));
        model.addAttribute("commit", repositories.commit(p.id(), at.sha()).orElse(null));
        return "projects/tree";
    }

    @GetMapping("/{namespace}/{project}/-/blob/{*tail}")
    String blob(
            Viewer viewer,
            @PathVariable String namespace,
            @PathVariable String project,
            @PathVariable String tail,
            Model model) {
        ProjectRole role = pages.read(viewer, namespace, project);
        Project p = role.project();
        RefPath at = RefPath.resolve(repositories, p.id(), tail)
                .filter(r -> !r.path().isEmpty())
                .orElseThrow(() -> missing(p, tail));
        BlobContent blob =
                repositories.blob(p.id(), at.sha(), at.path(), BLOB_LIMIT).orElseThrow(() -> missing(p, tail));
        model.addAttribute("role", role);
        model.addAttribute("at", at);
        model.addAttribute("blob", blob);
        model.addAttribute("branches", repositories.branches(p.id()));
        return "projects/blob";
    }

    private String cloneUrl(Project project) {
        return url.base() + "/" + project.fullPath() + ".git";
    }

    private static PageException missing(Project project, String tail) {
        String what = tail == null ? "" : tail.replaceFirst("^/+", "");
        return new PageException.NotFound("Nothing is at " + what + " in " + project.fullPath()
                + ": the branch, tag or path does not exist. Check the spelling, or pick a branch from its files.");
    }
}
