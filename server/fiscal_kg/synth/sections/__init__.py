"""The section writers, one for each part of the template, all writing into one `Draft`."""

from fiscal_kg.synth.sections.accounts import Accounts
from fiscal_kg.synth.sections.glossary import Glossary
from fiscal_kg.synth.sections.organisation import Organisation
from fiscal_kg.synth.sections.other_matters import OtherMatters
from fiscal_kg.synth.sections.three_public import ThreePublic

__all__ = ["Accounts", "Glossary", "Organisation", "OtherMatters", "ThreePublic"]
