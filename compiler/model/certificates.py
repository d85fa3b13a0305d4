"""certificate-exemption/ — 实行告知承诺制的证明事项清单."""

from __future__ import annotations

from pydantic import Field

from compiler.model.common import (
    MAX_INT,
    Basis,
    Code,
    Domain,
    MaterialKey,
    Model,
    Ref,
    VerificationMethod,
    Whole,
)


class Verification(Model, title="核查"):
    """对承诺内容的核查方式和时限。"""

    method: VerificationMethod = Field(
        title="核查方式", description="数据共享核验、部门协查或现场核查"
    )
    days: Whole = Field(ge=0, le=MAX_INT, title="核查时限", description="完成核查的工作日数")


class CertificateExemption(Model, title="告知承诺制证明事项"):
    """一项可用书面承诺替代的证明：替代哪种材料、用于哪些事项、如何核查。"""

    code: Code = Field(title="编码", description="证明事项编码，如 ZM-0001")
    name: str = Field(title="证明名称", description="证明的名称，如 无犯罪记录证明")
    material: MaterialKey = Field(
        title="对应材料", description="材料目录中对应的材料标识（应为证明材料）"
    )
    applies_to: list[Code] = Field(
        min_length=1, title="所涉事项", description="可以承诺替代该证明的政务服务事项编码"
    )
    domain: Domain = Field(
        title="所属领域", description="证明所属领域；只有“一般”领域可实行告知承诺"
    )
    basis: list[Basis] = Field(min_length=1, title="设定依据", description="设定该证明的依据")
    issuer: Ref = Field(title="开具单位", description="开具该证明的部门标识")
    commitment: str = Field(title="承诺内容", description="申请人书面承诺的内容")
    verification: Verification = Field(title="核查", description="核查方式和时限")
    liability: str = Field(title="不实承诺责任", description="不实承诺应承担的法律责任")


class CertificateExemptionList(Model, title="实行告知承诺制的证明事项清单"):
    """certificate-exemption/*.yaml：实行告知承诺制的证明事项清单。"""

    items: list[CertificateExemption] = Field(
        title="证明事项", description="本文件中的告知承诺制证明事项"
    )
