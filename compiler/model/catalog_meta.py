"""catalog.yaml — 目录元数据: the region, its districts, departments and shared data sources."""

from __future__ import annotations

from pydantic import Field

from compiler.model.common import Day, DepartmentLevel, Model, Ref, RegionCode, Uscc


class District(Model, title="所辖区"):
    """本行政区划所辖的一个区。"""

    name: str = Field(min_length=1, title="区名称", description="所辖区的名称，如 东丽区")
    code: RegionCode = Field(
        title="区划代码", description='6 位行政区划代码，须加引号，如 "120110"'
    )


class Department(Model, title="部门"):
    """一个实施或主管政务服务事项的部门；其 id 在各清单中引用。"""

    id: Ref = Field(
        title="部门标识", description="部门的简短标识，在各清单的 department 等键中引用"
    )
    name: str = Field(title="部门名称", description="部门全称，如 天津市市场监督管理委员会")
    level: DepartmentLevel = Field(title="部门层级", description="市级、区级或街道级")
    uscc: Uscc | None = Field(
        None, title="统一社会信用代码", description="18 位统一社会信用代码（可选）"
    )


class DataSource(Model, title="共享数据源"):
    """可供数据元预填、材料共享核验的数据源，如 统一身份认证平台、电子证照库。"""

    id: Ref = Field(
        title="数据源标识", description="数据源的简短标识，在数据元和材料的 source/shared_by 中引用"
    )
    name: str = Field(title="数据源名称", description="数据源名称，如 电子证照库")
    department: Ref = Field(title="管理部门", description="管理该数据源的部门标识")


class CatalogMeta(Model, title="目录元数据"):
    """catalog.yaml：行政区划、年度版本、生效日期、所辖区、部门和共享数据源。"""

    region: str = Field(
        min_length=1, title="行政区划名称", description="本目录所属行政区划，如 天津市"
    )
    region_code: RegionCode = Field(
        title="区划代码", description='6 位行政区划代码，须加引号，如 "120000"'
    )
    version: str = Field(
        min_length=1, title="年度版本", description='目录的年度版本，须加引号，如 "2025"'
    )
    effective_date: Day = Field(title="生效日期", description="本版目录的生效日期（YYYY-MM-DD）")
    districts: list[District] = Field(title="所辖区", description="所辖各区的名称和区划代码")
    departments: list[Department] = Field(title="部门", description="各级部门，其标识供各清单引用")
    data_sources: list[DataSource] = Field(
        title="共享数据源", description="统一身份认证平台、电子证照库、市场主体登记库等共享数据源"
    )
