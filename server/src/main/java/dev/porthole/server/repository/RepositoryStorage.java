package dev.porthole.server.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Bare repositories under {@code <data>/repositories}, one per project, named by the project's id so that renaming
 * a project never moves its repository.
 */
public class RepositoryStorage {
    private final Path root;

    public RepositoryStorage(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path directory(long projectId) {
        return root.resolve(projectId + ".git");
    }

    /** Creates an empty bare repository whose HEAD names the default branch. */
    public void create(long projectId, String defaultBranch) {
        try {
            Files.createDirectories(root);
            try (Repository repository = builder(projectId).build()) {
                repository.create(true);
                RefUpdate head = repository.updateRef(Constants.HEAD);
                head.disableRefLog();
                head.link(Constants.R_HEADS + defaultBranch);
                var config = repository.getConfig();
                // Accept what clients push: the server's pipelines, not git's checks, judge content.
                config.setBoolean("http", null, "receivepack", true);
                config.save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the repository of project " + projectId, e);
        }
    }

    /** Opens the repository; the caller closes it. */
    public Repository open(long projectId) throws IOException {
        Path dir = directory(projectId);
        if (!Files.isDirectory(dir)) {
            throw new IOException("project " + projectId + " has no repository at " + dir);
        }
        return builder(projectId).setMustExist(true).build();
    }

    /** The commit a branch, tag or full sha names. */
    public Optional<String> resolve(long projectId, String revision) {
        try (Repository repository = open(projectId)) {
            ObjectId id = repository.resolve(revision + "^{commit}");
            return Optional.ofNullable(id).map(ObjectId::name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code ref} is a tag rather than a branch. */
    public boolean isTag(long projectId, String ref) {
        try (Repository repository = open(projectId)) {
            return repository.exactRef(Constants.R_TAGS + ref) != null
                    && repository.exactRef(Constants.R_HEADS + ref) == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The content of a file at a commit, if the commit has it. */
    public Optional<byte[]> readFile(long projectId, String sha, String path) {
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository)) {
            var commit = walk.parseCommit(ObjectId.fromString(sha));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null || (tree.getFileMode(0).getBits() & FileMode.TYPE_FILE) == 0) {
                    return Optional.empty();
                }
                return Optional.of(repository.open(tree.getObjectId(0)).getBytes());
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every file's path at a commit. */
    public List<String> listFiles(long projectId, String sha) {
        List<String> files = new ArrayList<>();
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(sha)).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.add(tree.getPathString());
            }
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
        return files;
    }

    /**
     * The files that differ between two commits; empty when that is not known (no earlier commit, or it is not in
     * the repository).
     */
    public Optional<Set<String>> changedFiles(long projectId, String before, String after) {
        if (before == null
                || before.isEmpty()
                || before.equals(ObjectId.zeroId().name())) {
            return Optional.empty();
        }
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(ObjectId.fromString(before)).getTree());
            tree.addTree(walk.parseCommit(ObjectId.fromString(after)).getTree());
            tree.setRecursive(true);
            tree.setFilter(TreeFilter.ANY_DIFF);
            Set<String> changed = new TreeSet<>();
            while (tree.next()) {
                changed.add(tree.getPathString());
            }
            return Optional.of(changed);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The message of a commit, or an empty string. */
    public String message(long projectId, String sha) {
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(ObjectId.fromString(sha)).getFullMessage();
        } catch (IOException | IllegalArgumentException e) {
            return "";
        }
    }

    /** Whether the repository has no branch yet: nothing was pushed. */
    public boolean isEmpty(long projectId) {
        try (Repository repository = open(projectId)) {
            return repository
                    .getRefDatabase()
                    .getRefsByPrefix(Constants.R_HEADS)
                    .isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /** The names of the branches, sorted. */
    public List<String> branches(long projectId) {
        try (Repository repository = open(projectId)) {
            return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                    .map(ref -> ref.getName().substring(Constants.R_HEADS.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The names of the tags, sorted. */
    public List<String> tags(long projectId) {
        try (Repository repository = open(projectId)) {
            return repository.getRefDatabase().getRefsByPrefix(Constants.R_TAGS).stream()
                    .map(ref -> ref.getName().substring(Constants.R_TAGS.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The commit a branch, tag or sha names, summarised. */
    public Optional<CommitSummary> commit(long projectId, String revision) {
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository)) {
            ObjectId id = repository.resolve(revision + "^{commit}");
            if (id == null) {
                return Optional.empty();
            }
            var commit = walk.parseCommit(id);
            var author = commit.getAuthorIdent();
            return Optional.of(new CommitSummary(
                    commit.name(), commit.getShortMessage(), author.getName(), author.getWhenAsInstant()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The entries of a folder at a commit ({@code path} empty for the root), folders first and then by name; empty
     * when the commit has no such folder.
     */
    public Optional<List<TreeEntry>> tree(long projectId, String sha, String path) {
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository)) {
            var root = walk.parseCommit(ObjectId.fromString(sha)).getTree();
            List<TreeEntry> entries = new ArrayList<>();
            if (path.isEmpty()) {
                try (TreeWalk tree = new TreeWalk(repository)) {
                    tree.addTree(root);
                    collect(tree, "", entries);
                }
            } else {
                try (TreeWalk folder = TreeWalk.forPath(repository, path, root)) {
                    if (folder == null || folder.getFileMode(0) != FileMode.TREE) {
                        return Optional.empty();
                    }
                    try (TreeWalk tree = new TreeWalk(repository)) {
                        tree.addTree(folder.getObjectId(0));
                        collect(tree, path + "/", entries);
                    }
                }
            }
            entries.sort(Comparator.comparing((TreeEntry e) -> !e.folder())
                    .thenComparing(TreeEntry::name, String.CASE_INSENSITIVE_ORDER));
            return Optional.of(entries);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void collect(TreeWalk tree, String prefix, List<TreeEntry> entries) throws IOException {
        tree.setRecursive(false);
        while (tree.next()) {
            FileMode mode = tree.getFileMode(0);
            TreeEntry.Kind kind = mode == FileMode.TREE
                    ? TreeEntry.Kind.TREE
                    : mode == FileMode.SYMLINK
                            ? TreeEntry.Kind.SYMLINK
                            : mode == FileMode.GITLINK ? TreeEntry.Kind.SUBMODULE : TreeEntry.Kind.BLOB;
            entries.add(new TreeEntry(tree.getNameString(), prefix + tree.getPathString(), kind));
        }
    }

    /**
     * A file at a commit, with at most {@code maxBytes} of its content read; empty when the commit has no file
     * there (a folder is not a file).
     */
    public Optional<BlobContent> blob(long projectId, String sha, String path, int maxBytes) {
        try (Repository repository = open(projectId);
                RevWalk walk = new RevWalk(repository)) {
            var commit = walk.parseCommit(ObjectId.fromString(sha));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null || (tree.getFileMode(0).getBits() & FileMode.TYPE_FILE) == 0) {
                    return Optional.empty();
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0));
                long size = loader.getSize();
                byte[] bytes;
                try (InputStream in = loader.openStream()) {
                    bytes = in.readNBytes((int) Math.min(size, Math.max(0, maxBytes)));
                }
                return Optional.of(new BlobContent(path, size, bytes, RawText.isBinary(bytes, bytes.length, true)));
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Removes the repository from disk, for a deleted project. */
    public void delete(long projectId) {
        Path dir = directory(projectId);
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the repository of project " + projectId + " at " + dir, e);
        }
    }

    /** Points {@code ref} at {@code sha}, creating or moving it. */
    public void updateRef(long projectId, String ref, String sha) {
        try (Repository repository = open(projectId)) {
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(ObjectId.fromString(sha));
            update.setForceUpdate(true);
            update.disableRefLog();
            RefUpdate.Result result = update.update();
            if (result == RefUpdate.Result.LOCK_FAILURE || result == RefUpdate.Result.IO_FAILURE) {
                throw new IOException("updating " + ref + " failed: " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Commits a tree of exactly these files (flat paths only) on top of a branch, for content the server writes
     * itself, such as a new project's first files. Returns the new commit's sha.
     */
    public String commit(long projectId, String branch, Map<String, byte[]> files, String message, PersonIdent who) {
        try (Repository repository = open(projectId);
                var inserter = repository.newObjectInserter()) {
            var tree = new TreeFormatter();
            files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(file -> {
                try {
                    ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                    tree.append(file.getKey(), FileMode.REGULAR_FILE, blob);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            var commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId parent = repository.resolve(Constants.R_HEADS + branch);
            if (parent != null) {
                commit.setParentId(parent);
            }
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("updating branch " + branch + " failed: " + result);
            }
            return commitId.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileRepositoryBuilder builder(long projectId) {
        return new FileRepositoryBuilder()
                .setGitDir(directory(projectId).toFile())
                .setBare();
    }
}
