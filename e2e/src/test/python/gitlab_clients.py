"""Drives a Porthole server with python-gitlab, the way existing GitLab scripts do.

Run by PythonGitlabIT with Debian's python3:  gitlab_clients.py SCENARIO
Environment: PORTHOLE_URL, PORTHOLE_TOKEN (an administrator's api token), PROJECT_ID for the scenarios that need a
project (pushed by the Java side, which owns git), RUNNER_DESCRIPTION for the runners scenario.

Each scenario raises (and so exits non-zero, with a traceback) at the first expectation that does not hold.
Waiting is polling the API until a deadline, as a script would; never a fixed pause.
"""

import io
import json
import os
import subprocess
import sys
import time
import uuid
import zipfile

import gitlab

URL = os.environ["PORTHOLE_URL"]
TOKEN = os.environ["PORTHOLE_TOKEN"]
FINISHED = {"success", "failed", "canceled", "skipped"}


def client(token=TOKEN):
    gl = gitlab.Gitlab(URL, private_token=token, per_page=100)
    gl.auth()
    return gl


def wait_for(description, probe, timeout=90):
    """Polls probe() until it returns something truthy; fails naming what never happened."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {description} (last: {last!r})")


def wait_job(project, job_id, statuses, timeout=90):
    statuses = {statuses} if isinstance(statuses, str) else set(statuses)

    def probe():
        job = project.jobs.get(job_id)
        return job if job.status in statuses else None

    return wait_for(f"job {job_id} to be {sorted(statuses)}", probe, timeout)


def jobs_by_name(pipeline, **filters):
    return {job.name: job for job in pipeline.jobs.list(all=True, **filters)}


def expect_error(error_type, status, action):
    try:
        action()
    except error_type as error:
        assert error.response_code == status, f"expected HTTP {status}, got {error.response_code}: {error}"
        return error
    raise AssertionError(f"expected {error_type.__name__} ({status}), but the call succeeded")


def project_from_env(gl):
    return gl.projects.get(int(os.environ["PROJECT_ID"]))


def pipeline_with_variables_artifacts_and_a_manual_job():
    gl = client()
    project = project_from_env(gl)
    # A path-addressed project is the same project.
    assert gl.projects.get(project.path_with_namespace).id == project.id

    secret = "s3cr3t-Value_" + uuid.uuid4().hex[:8]
    project.variables.create({"key": "SECRET_TOKEN", "value": secret, "masked": True})

    pipeline = project.pipelines.create(
        {"ref": "main", "variables": [{"key": "FROM_API", "value": "python"}]}
    )
    assert pipeline.status in {"created", "pending", "running"}, pipeline.status
    assert pipeline.source == "api", pipeline.source
    assert [(v.key, v.value) for v in pipeline.variables.list()] == [("FROM_API", "python")]

    jobs = jobs_by_name(pipeline)
    assert set(jobs) == {"build", "test", "deploy"}, set(jobs)
    build = wait_job(project, jobs["build"].id, "success")
    trace = build.trace().decode()
    assert "base for build" in trace, trace
    assert "greeting=hello from=python secret=[MASKED]" in trace, trace
    assert secret not in trace, "the masked value leaked into the log"

    assert build.artifacts_file["filename"] == "build-output.zip", build.artifacts_file
    archive = zipfile.ZipFile(io.BytesIO(build.artifacts()))
    assert archive.read("out/result.txt") == b"built by build on main\n", archive.namelist()
    assert build.artifact("out/result.txt") == b"built by build on main\n"

    test = wait_job(project, jobs["test"].id, "success")
    assert "built by build on main" in test.trace().decode()

    deploy = project.jobs.get(jobs["deploy"].id)
    assert deploy.status == "manual", deploy.status
    deploy.play()
    deploy = wait_job(project, deploy.id, "success")
    assert "deploying" in deploy.trace().decode()

    pipeline = wait_for(
        "the pipeline to finish",
        lambda: (lambda p: p if p.status in FINISHED else None)(project.pipelines.get(pipeline.id)),
    )
    assert pipeline.status == "success", pipeline.status
    assert pipeline.id in [p.id for p in project.pipelines.list(all=True)]


def retry_cancel_and_delete():
    gl = client()
    project = project_from_env(gl)
    pipeline = project.pipelines.create({"ref": "main"})
    jobs = jobs_by_name(pipeline)

    flaky = wait_job(project, jobs["flaky"].id, "failed")
    assert flaky.failure_reason == "script_failure", flaky.failure_reason
    retried = flaky.retry()
    assert retried["id"] != flaky.id and retried["name"] == "flaky", retried
    wait_job(project, retried["id"], "failed")
    assert len(pipeline.jobs.list(all=True, include_retried=True)) == 3
    failed = pipeline.jobs.list(all=True, scope=["failed"])
    assert [j.id for j in failed] == [retried["id"]], [j.id for j in failed]

    slow = wait_job(project, jobs["slow"].id, "running")
    slow.cancel()
    wait_job(project, slow.id, "canceled")

    second = project.pipelines.create({"ref": "main"})
    second_jobs = jobs_by_name(second)
    wait_job(project, second_jobs["flaky"].id, "failed")
    wait_job(project, second_jobs["slow"].id, "running")
    second.cancel()
    second = wait_for(
        "the canceled pipeline to finish",
        lambda: (lambda p: p if p.status in FINISHED else None)(project.pipelines.get(second.id)),
    )
    # As in GitLab, a pipeline with a failed job stays failed when the rest of it is canceled.
    assert second.status == "failed", second.status
    assert project.jobs.get(second_jobs["slow"].id).status == "canceled"
    second.retry()
    wait_for("the retried pipeline to run again", lambda: project.pipelines.get(second.id).status == "running")
    project.pipelines.get(second.id).cancel()

    project.pipelines.delete(pipeline.id)
    expect_error(gitlab.exceptions.GitlabGetError, 404, lambda: project.pipelines.get(pipeline.id))
    expect_error(gitlab.exceptions.GitlabGetError, 404, lambda: project.jobs.get(flaky.id))


def variables_crud():
    gl = client()
    project = gl.projects.create({"name": "vars-" + uuid.uuid4().hex[:8]})
    created = project.variables.create({"key": "DEPLOY_HOST", "value": "example.test", "protected": True})
    assert (created.key, created.value, created.protected, created.masked) == ("DEPLOY_HOST", "example.test", True, False)
    assert [v.key for v in project.variables.list()] == ["DEPLOY_HOST"]

    fetched = project.variables.get("DEPLOY_HOST")
    fetched.value = "other.test"
    fetched.save()
    assert project.variables.get("DEPLOY_HOST").value == "other.test"

    file_variable = project.variables.create({"key": "KUBECONFIG", "value": "a: b", "variable_type": "file"})
    assert file_variable.variable_type == "file"

    error = expect_error(
        gitlab.exceptions.GitlabCreateError,
        400,
        lambda: project.variables.create({"key": "SHORT", "value": "abc", "masked": True}),
    )
    assert "value" in str(error.error_message), error.error_message
    error = expect_error(
        gitlab.exceptions.GitlabCreateError,
        400,
        lambda: project.variables.create({"key": "DEPLOY_HOST", "value": "again"}),
    )
    assert "already been taken" in str(error.error_message), error.error_message
    expect_error(
        gitlab.exceptions.GitlabCreateError,
        400,
        lambda: project.variables.create({"key": "bad key!", "value": "x"}),
    )

    project.variables.delete("DEPLOY_HOST")
    expect_error(gitlab.exceptions.GitlabGetError, 404, lambda: project.variables.get("DEPLOY_HOST"))
    expect_error(gitlab.exceptions.GitlabDeleteError, 404, lambda: project.variables.delete("DEPLOY_HOST"))
    assert [v.key for v in project.variables.list()] == ["KUBECONFIG"]


def runners_and_version():
    gl = client()
    description = os.environ["RUNNER_DESCRIPTION"]
    assert description in [r.description for r in gl.runners.list()]
    assert description in [r.description for r in gl.runners.all()]
    project = gl.projects.create({"name": "runners-" + uuid.uuid4().hex[:8]})
    assert description in [r.description for r in project.runners.list()]
    version, revision = gl.version()
    assert version != "unknown", (version, revision)


def lint():
    gl = client()
    project = gl.projects.create({"name": "lint-" + uuid.uuid4().hex[:8]})
    good = project.ci_lint.create(
        {
            "content": ".base:\n  script: [echo hi]\nbuild:\n  extends: .base\n  stage: build\n",
            "include_jobs": True,
        }
    )
    assert good.valid is True and good.errors == [], good.attributes
    assert "build:" in good.merged_yaml and "echo hi" in good.merged_yaml, good.merged_yaml
    assert [job["name"] for job in good.jobs] == ["build"], good.jobs

    bad = project.ci_lint.create({"content": "build:\n  script: x\n  when: sometimes\n"})
    assert bad.valid is False, bad.attributes
    assert any("jobs:build:when" in error for error in bad.errors), bad.errors
    try:
        project.ci_lint.validate({"content": "build:\n  scripts: x\n"})
        raise AssertionError("validate() accepted an invalid configuration")
    except gitlab.exceptions.GitlabCiLintError as error:
        assert "scripts" in str(error), error


def errors_and_permissions():
    gl = client()
    expect_error(gitlab.exceptions.GitlabAuthenticationError, 401, lambda: client("glpat-not-a-real-token"))
    expect_error(gitlab.exceptions.GitlabGetError, 404, lambda: gl.projects.get(999999999))
    expect_error(gitlab.exceptions.GitlabGetError, 404, lambda: gl.projects.get("nobody/nothing"))

    project = project_from_env(gl)
    suffix = uuid.uuid4().hex[:8]
    user = gl.users.create(
        {
            "username": "reporter-" + suffix,
            "name": "A Reporter",
            "email": f"reporter-{suffix}@example.test",
            "password": "a-long-password-" + suffix,
        }
    )
    reporter_token = user.personal_access_tokens.create({"name": "script", "scopes": ["api"]}).token
    reader_token = user.personal_access_tokens.create({"name": "reader", "scopes": ["read_api"]}).token
    reporter = client(reporter_token)

    # Not a member of a private project: it does not exist for them.
    expect_error(gitlab.exceptions.GitlabGetError, 404, lambda: reporter.projects.get(project.id))
    project.members.create({"user_id": user.id, "access_level": gitlab.const.REPORTER_ACCESS})
    as_reporter = reporter.projects.get(project.id)
    assert as_reporter.pipelines.list() is not None
    expect_error(
        gitlab.exceptions.GitlabCreateError, 403, lambda: as_reporter.pipelines.create({"ref": "main"})
    )
    expect_error(gitlab.exceptions.GitlabListError, 403, lambda: as_reporter.variables.list())
    expect_error(
        gitlab.exceptions.GitlabCreateError,
        403,
        lambda: reporter.users.create(
            {"username": "x" + suffix, "name": "x", "email": f"x{suffix}@example.test", "password": "x" * 12}
        ),
    )

    # A read-only token reads but may not act, even for someone who could.
    reader = client(reader_token)
    assert reader.projects.get(project.id).id == project.id
    expect_error(
        gitlab.exceptions.GitlabCreateError,
        403,
        lambda: reader.projects.get(project.id, lazy=True).pipelines.create({"ref": "main"}),
    )

    error = expect_error(
        gitlab.exceptions.GitlabCreateError, 400, lambda: project.pipelines.create({"ref": "no-such-branch"})
    )
    assert "Reference not found" in str(error.error_message), error.error_message


def command_line():
    project_id = os.environ["PROJECT_ID"]
    base = ["python-gitlab", "--server-url", URL, "--private-token", TOKEN, "-o", "json"]

    def run(*args):
        done = subprocess.run(base + list(args), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{' '.join(args)}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    assert json.loads(run("project", "get", "--id", project_id))["id"] == int(project_id)
    pipeline = json.loads(run("project-pipeline", "create", "--project-id", project_id, "--ref", "main"))
    jobs = json.loads(
        run("project-pipeline-job", "list", "--project-id", project_id, "--pipeline-id", str(pipeline["id"]))
    )
    job_id = str(jobs[0]["id"])
    wait_for(
        "the job to succeed",
        lambda: json.loads(run("project-job", "get", "--project-id", project_id, "--id", job_id))["status"]
        == "success",
    )
    assert "cli-run" in run("project-job", "trace", "--project-id", project_id, "--id", job_id)
    run("project-variable", "create", "--project-id", project_id, "--key", "CLI_VAR", "--value", "from-cli")
    variables = json.loads(run("project-variable", "list", "--project-id", project_id))
    assert [(v["key"], v["value"]) for v in variables] == [("CLI_VAR", "from-cli")], variables
    assert os.environ["RUNNER_DESCRIPTION"] in [r["description"] for r in json.loads(run("runner", "list"))]


SCENARIOS = {
    "cli": command_line,
    "pipeline": pipeline_with_variables_artifacts_and_a_manual_job,
    "retry-cancel-delete": retry_cancel_and_delete,
    "variables": variables_crud,
    "runners": runners_and_version,
    "lint": lint,
    "errors": errors_and_permissions,
}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        sys.exit(f"usage: gitlab_clients.py {{{'|'.join(sorted(SCENARIOS))}}}")
    SCENARIOS[sys.argv[1]]()
    print(f"{sys.argv[1]}: ok")
