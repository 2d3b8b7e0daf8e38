package dev.porthole.server.web.projects;

import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Member;
import dev.porthole.server.project.ProjectRole;
import java.util.List;

/**
 * A member as the members page lists them, with what the viewer may do to them.
 *
 * @param note why a control is missing, or null
 */
public record MemberRow(Member member, boolean changeable, boolean removable, String note) {

    static List<MemberRow> of(List<Member> members, ProjectRole actor) {
        long owners =
                members.stream().filter(m -> m.level() == AccessLevel.OWNER).count();
        boolean actorOwns = actor.level().atLeast(AccessLevel.OWNER);
        return members.stream()
                .map(m -> {
                    boolean owner = m.level() == AccessLevel.OWNER;
                    boolean lastOwner = owner && owners <= 1;
                    boolean allowed = actor.canAdminister() && (!owner || actorOwns);
                    String note = lastOwner
                            ? "The last owner: make someone else an owner before changing this role."
                            : owner && !actorOwns ? "Only owners can change an owner's role." : null;
                    return new MemberRow(m, allowed && !lastOwner, allowed && !lastOwner, note);
                })
                .toList();
    }

    public boolean isViewer(ProjectRole viewer) {
        return viewer.user() != null && viewer.user().id() == member.user().id();
    }
}
