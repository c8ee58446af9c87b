"""Deploying to a cluster: kubeconfig, server-side dry run and apply, steady state, release history, rollback."""

from kubeship.cluster.apply import FIELD_MANAGER, ROLLBACK_FIELD_MANAGER, AppliedObject, Applier
from kubeship.cluster.deploy import Deployer, DeployRequest, DeployResult, ReleasePlan
from kubeship.cluster.errors import (
    ApiError,
    ApplyConflict,
    ClusterUnreachable,
    DryRunRejected,
    HistoryError,
    ReleaseLocked,
    RollbackError,
)
from kubeship.cluster.history import (
    FAILED,
    IN_PROGRESS,
    SUCCEEDED,
    HistoryStore,
    Release,
    ReleaseHistory,
    ResourceId,
    WorkloadRevision,
    decode_history,
    encode_history,
)
from kubeship.cluster.kubeconfig import ClusterConnection, connect
from kubeship.cluster.lock import ReleaseLock
from kubeship.cluster.release_name import MAX_RELEASE_NAME_LENGTH, check_release_target
from kubeship.cluster.progress import LogProgress, RichProgress
from kubeship.cluster.rest import ResourceType, RestClient
from kubeship.cluster.rollout import RolloutStatus, rollout_status
from kubeship.cluster.steady import PullFailure, SteadyStateResult, SteadyStateWait, Workload

__all__ = [
    "FAILED",
    "FIELD_MANAGER",
    "IN_PROGRESS",
    "MAX_RELEASE_NAME_LENGTH",
    "ROLLBACK_FIELD_MANAGER",
    "SUCCEEDED",
    "ApiError",
    "AppliedObject",
    "Applier",
    "ApplyConflict",
    "ClusterConnection",
    "ClusterUnreachable",
    "DeployRequest",
    "DeployResult",
    "Deployer",
    "DryRunRejected",
    "HistoryError",
    "HistoryStore",
    "LogProgress",
    "PullFailure",
    "Release",
    "ReleaseHistory",
    "ReleaseLock",
    "check_release_target",
    "ReleaseLocked",
    "ReleasePlan",
    "ResourceId",
    "ResourceType",
    "RestClient",
    "RichProgress",
    "RollbackError",
    "RolloutStatus",
    "SteadyStateResult",
    "SteadyStateWait",
    "Workload",
    "WorkloadRevision",
    "connect",
    "decode_history",
    "encode_history",
    "rollout_status",
]
