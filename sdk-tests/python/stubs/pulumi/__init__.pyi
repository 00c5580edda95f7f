# A test stub of the Pulumi Python SDK (the `pulumi` package), written for
# scripts/sdks.sh, not the SDK: PyPI, and with it the real package, cannot
# be reached here. It declares only what the generated SDK
# (`pulumi package gen-sdk --language python`) and sdk-tests/python's
# consumer use, modelled on the real SDK's v3 signatures for those names
# (ResourceOptions: only its common keywords), so that pyright checks the
# consumer for real: a misspelled keyword argument or an output of the
# wrong type fails. pyright also checks the generated SDK against this
# stub, so a name the SDK uses and the stub lacks fails too.
# Nothing here runs.
from typing import Any, Awaitable, Callable, Generic, Mapping, Optional, Sequence, TypeVar, Union, overload

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
U = TypeVar("U")
F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

class Output(Generic[T_co]):
    # Internals the generated _utilities.call_plain awaits.
    _future: Awaitable[T_co]
    _is_known: Awaitable[bool]
    _is_secret: Awaitable[bool]
    _resources: Awaitable[set[Any]]
    @overload
    def apply(self, func: Callable[[T_co], Output[U]], run_with_unknowns: bool = ...) -> Output[U]: ...
    @overload
    def apply(self, func: Callable[[T_co], Awaitable[U]], run_with_unknowns: bool = ...) -> Output[U]: ...
    @overload
    def apply(self, func: Callable[[T_co], U], run_with_unknowns: bool = ...) -> Output[U]: ...
    # Lifted attribute and index access (the real SDK's too).
    def __getattr__(self, item: str) -> Output[Any]: ...
    def __getitem__(self, key: Any) -> Output[Any]: ...
    @staticmethod
    def from_input(val: Input[T]) -> Output[T]: ...
    @staticmethod
    def secret(val: Input[T]) -> Output[T]: ...
    @staticmethod
    def concat(*args: Input[str]) -> Output[str]: ...
    @staticmethod
    def format(format_string: Input[str], *args: Input[object], **kwargs: Input[object]) -> Output[str]: ...

Input = Union[T, Awaitable[T], Output[T]]
Inputs = Mapping[str, Input[Any]]

class Resource:
    urn: Output[str]
    def __init__(
        self,
        t: str,
        name: str,
        custom: bool,
        props: Optional[Inputs] = None,
        opts: Optional[ResourceOptions] = None,
        remote: bool = False,
        dependency: bool = False,
        package_ref: Optional[Awaitable[Optional[str]]] = None,
    ) -> None: ...

class CustomResource(Resource):
    id: Output[str]
    def __init__(
        self,
        t: str,
        name: str,
        props: Optional[Inputs] = None,
        opts: Optional[ResourceOptions] = None,
        dependency: bool = False,
        package_ref: Optional[Awaitable[Optional[str]]] = None,
    ) -> None: ...

class ProviderResource(CustomResource):
    def __init__(
        self,
        pkg: str,
        name: str,
        props: Optional[Inputs] = None,
        opts: Optional[ResourceOptions] = None,
        dependency: bool = False,
        package_ref: Optional[Awaitable[Optional[str]]] = None,
    ) -> None: ...

class ComponentResource(Resource):
    def __init__(
        self,
        t: str,
        name: str,
        props: Optional[Inputs] = None,
        opts: Optional[ResourceOptions] = None,
        remote: bool = False,
        package_ref: Optional[Awaitable[Optional[str]]] = None,
    ) -> None: ...
    def register_outputs(self, outputs: Inputs) -> None: ...

class ResourceOptions:
    parent: Optional[Resource]
    depends_on: Optional[Input[Union[Sequence[Input[Resource]], Resource]]]
    protect: Optional[bool]
    provider: Optional[ProviderResource]
    providers: Optional[Union[Mapping[str, ProviderResource], Sequence[ProviderResource]]]
    ignore_changes: Optional[Sequence[str]]
    version: Optional[str]
    id: Optional[Input[str]]
    urn: Optional[str]
    retain_on_delete: Optional[bool]
    plugin_download_url: Optional[str]
    def __init__(
        self,
        parent: Optional[Resource] = None,
        depends_on: Optional[Input[Union[Sequence[Input[Resource]], Resource]]] = None,
        protect: Optional[bool] = None,
        provider: Optional[ProviderResource] = None,
        providers: Optional[Union[Mapping[str, ProviderResource], Sequence[ProviderResource]]] = None,
        delete_before_replace: Optional[bool] = None,
        ignore_changes: Optional[Sequence[str]] = None,
        version: Optional[str] = None,
        additional_secret_outputs: Optional[Sequence[str]] = None,
        id: Optional[Input[str]] = None,
        import_: Optional[str] = None,
        urn: Optional[str] = None,
        replace_on_changes: Optional[Sequence[str]] = None,
        plugin_download_url: Optional[str] = None,
        retain_on_delete: Optional[bool] = None,
    ) -> None: ...
    @staticmethod
    def merge(opts1: Optional[ResourceOptions], opts2: Optional[ResourceOptions]) -> ResourceOptions: ...

class InvokeOptions:
    parent: Optional[Resource]
    provider: Optional[ProviderResource]
    version: Optional[str]
    plugin_download_url: Optional[str]
    def __init__(
        self,
        parent: Optional[Resource] = None,
        provider: Optional[ProviderResource] = None,
        version: Optional[str] = None,
        plugin_download_url: Optional[str] = None,
    ) -> None: ...
    @staticmethod
    def merge(opts1: Optional[InvokeOptions], opts2: Optional[InvokeOptions]) -> InvokeOptions: ...

# The generated classes' decorators and property accessors.
def input_type(cls: C) -> C: ...
def output_type(cls: C) -> C: ...
def type_token(type_token: str) -> Callable[[C], C]: ...
@overload
def getter(_fn: F) -> F: ...
@overload
def getter(*, name: Optional[str] = None) -> Callable[[F], F]: ...
def get(self: Any, name: str) -> Any: ...
def set(self: Any, name: str, value: Any) -> None: ...

def export(name: str, value: Any) -> None: ...
def warn(msg: str, resource: Optional[Resource] = None, stream_id: Optional[int] = None, ephemeral: Optional[bool] = None) -> None: ...
