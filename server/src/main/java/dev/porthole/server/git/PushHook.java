package dev.porthole.server.git;

import dev.porthole.server.account.User;
import dev.porthole.server.project.Project;
import dev.porthole.server.site.ExternalUrl;
import dev.porthole.server.trigger.PipelineTrigger;
import dev.porthole.server.trigger.TriggerResult;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Starts a pipeline for each branch or tag a push created or moved, and tells the pusher where to watch it. */
@Component
public class PushHook {
    private static final Logger LOG = LoggerFactory.getLogger(PushHook.class);
    private static final String RESERVED_PREFIX = "refs/pipelines/";

    private final PipelineTrigger trigger;
    private final ExternalUrl url;

    public PushHook(PipelineTrigger trigger, ExternalUrl url) {
        this.trigger = trigger;
        this.url = url;
    }

    /** Refs under {@code refs/pipelines/} belong to the server: they keep pipelines' commits fetchable. */
    static void rejectReservedRefs(ReceivePack pack, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand command : commands) {
            if (command.getRefName().startsWith(RESERVED_PREFIX)) {
                command.setResult(
                        ReceiveCommand.Result.REJECTED_OTHER_REASON, "refs/pipelines/ is managed by Porthole");
            }
        }
    }

    void pushed(Project project, User user, ReceivePack pack, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand command : commands) {
            if (command.getResult() != ReceiveCommand.Result.OK || command.getType() == ReceiveCommand.Type.DELETE) {
                continue;
            }
            String name = command.getRefName();
            boolean tag = name.startsWith(Constants.R_TAGS);
            if (!tag && !name.startsWith(Constants.R_HEADS)) {
                continue;
            }
            String ref = Repository.shortenRefName(name);
            try {
                TriggerResult result = trigger.forCommit(
                        project,
                        ref,
                        tag,
                        command.getNewId().name(),
                        command.getOldId().name(),
                        "push",
                        user.id(),
                        List.of());
                tell(pack, project, result);
            } catch (RuntimeException e) {
                LOG.error("could not start a pipeline for {} of {}", ref, project.fullPath(), e);
                pack.sendError("Porthole could not start a pipeline for " + ref + ": " + e.getMessage());
            }
        }
    }

    private void tell(ReceivePack pack, Project project, TriggerResult result) {
        String pipelines = url.resolve("/" + project.fullPath() + "/-/pipelines/");
        switch (result) {
            case TriggerResult.Created created ->
                pack.sendMessage("View pipeline for " + created.pipeline().ref() + ":\n  " + pipelines
                        + created.pipeline().id() + "\n");
            case TriggerResult.Invalid invalid -> {
                pack.sendMessage(
                        "The pipeline for " + invalid.pipeline().ref() + " failed: .gitlab-ci.yml is invalid:");
                invalid.errors().forEach(e -> pack.sendMessage("  " + e.describe()));
                pack.sendMessage("  " + pipelines + invalid.pipeline().id() + "\n");
            }
            case TriggerResult.Skipped skipped -> pack.sendMessage("No pipeline: " + skipped.reason() + "\n");
            case TriggerResult.NoConfig none -> {}
            case TriggerResult.UnknownRef unknown -> {}
        }
    }
}
