"""The project's namespaces; EXG fails at once on a term the ontology does not declare.

EXG lists every term of ontology/ (tests/test_namespaces.py keeps the two in step), as
rdflib's own DefinedNamespaces do.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

EXR = Namespace("https://w3id.org/exportgraph/id/")
EXGSH = Namespace("https://w3id.org/exportgraph/shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
ONTOLOGY = URIRef("https://w3id.org/exportgraph/ontology")


class EXG(DefinedNamespace):
    """The exportgraph ontology."""

    _NS = Namespace("https://w3id.org/exportgraph/ontology#")
    _fail = True

    # classes
    Adoption: URIRef
    AmendingRegulation: URIRef
    AnnexIOverlap: URIRef
    Annex: URIRef
    Applicant: URIRef
    Article: URIRef
    AssessmentCriterion: URIRef
    CaseItem: URIRef
    Category: URIRef
    CompilationEntry: URIRef
    CommissionRecommendation: URIRef
    Confidence: URIRef
    ControlEntry: URIRef
    ControlList: URIRef
    Country: URIRef
    DecisionOutcome: URIRef
    DecisionRule: URIRef
    DelegatedRegulation: URIRef
    DutchBesluit: URIRef
    EURegulation: URIRef
    EndUser: URIRef
    Equipment: URIRef
    ExportControlRegime: URIRef
    Fact: URIRef
    InternationalOrganisation: URIRef
    Item: URIRef
    LegalInstrument: URIRef
    LicenceCase: URIRef
    LicenceDecision: URIRef
    LicensingAuthority: URIRef
    ListMembership: URIRef
    MinisterialRegulation: URIRef
    ModelCoverage: URIRef
    NationalAct: URIRef
    NationalControlMeasure: URIRef
    OfficialJournalNotice: URIRef
    ParliamentaryLetter: URIRef
    Participation: URIRef
    Plenary: URIRef
    PolicyDocument: URIRef
    PolicyPaper: URIRef
    ProductGroup: URIRef
    ProductModel: URIRef
    Provision: URIRef
    Software: URIRef
    Source: URIRef
    SourceQuality: URIRef
    StrategicGoal: URIRef
    StrategicGoalAssessment: URIRef
    Technology: URIRef
    TechnologyArea: URIRef
    Treaty: URIRef
    # object properties
    addedBy: URIRef
    annexIEntry: URIRef
    adoptedMeasure: URIRef
    adoptedUnder: URIRef
    adoptingState: URIRef
    applicant: URIRef
    assessment: URIRef
    caseItem: URIRef
    category: URIRef
    classifiedUnder: URIRef
    confidence: URIRef
    controlEntry: URIRef
    controlsTechnology: URIRef
    country: URIRef
    coveredBy: URIRef
    coveredModel: URIRef
    criterion: URIRef
    decidedBy: URIRef
    decision: URIRef
    decisionRule: URIRef
    destination: URIRef
    endUser: URIRef
    establishedBy: URIRef
    establishesList: URIRef
    evidence: URIRef
    goal: URIRef
    handledBy: URIRef
    hasSource: URIRef
    inCompilation: URIRef
    inRegime: URIRef
    legalBasisCited: URIRef
    manufacturer: URIRef
    memberEntry: URIRef
    memberOf: URIRef
    memberState: URIRef
    nationalEntry: URIRef
    nationalList: URIRef
    model: URIRef
    notifiedUnder: URIRef
    ofList: URIRef
    originRegime: URIRef
    outcome: URIRef
    parentEntry: URIRef
    participant: URIRef
    participatingState: URIRef
    permits: URIRef
    permittedBy: URIRef
    productGroup: URIRef
    publishedInCompilation: URIRef
    removedBy: URIRef
    continuationUnknownFrom: URIRef
    overlapAct: URIRef
    overlapList: URIRef
    sourceQuality: URIRef
    succeeds: URIRef
    technologyArea: URIRef
    # datatype properties
    address: URIRef
    addressedTo: URIRef
    adoptedOn: URIRef
    applicableFrom: URIRef
    applicableUntil: URIRef
    applicationDate: URIRef
    bwbId: URIRef
    caseId: URIRef
    celex: URIRef
    code: URIRef
    condition: URIRef
    confidenceNote: URIRef
    coverageNote: URIRef
    decisionDate: URIRef
    destinationExplanation: URIRef
    eli: URIRef
    endUseStatement: URIRef
    establishedDate: URIRef
    euMemberState: URIRef
    factId: URIRef
    finding: URIRef
    foundingDate: URIRef
    foundingPlace: URIRef
    inForceFrom: URIRef
    isNationalCode: URIRef
    ifInAnnexI: URIRef
    ifOutsideAnnexI: URIRef
    iso3: URIRef
    itemDescription: URIRef
    kamerstuk: URIRef
    legallyBinding: URIRef
    measureAdopted: URIRef
    modelName: URIRef
    name: URIRef
    officialJournal: URIRef
    officialPage: URIRef
    overlapKnown: URIRef
    overlapUnknown: URIRef
    participantSince: URIRef
    plenaryMeetsInMonth: URIRef
    quantity: URIRef
    referenceNumber: URIRef
    riskFound: URIRef
    secretariatLocation: URIRef
    signedBy: URIRef
    staatscourant: URIRef
    statement: URIRef
    statusNote: URIRef
    valueEUR: URIRef
    # named individuals
    category0: URIRef
    category1: URIRef
    category2: URIRef
    category3: URIRef
    category4: URIRef
    category5: URIRef
    category6: URIRef
    category7: URIRef
    category8: URIRef
    category9: URIRef
    consensus: URIRef
    fromMemory: URIRef
    granted: URIRef
    noLicenceRequired: URIRef
    official: URIRef
    pending: URIRef
    productGroupA: URIRef
    productGroupB: URIRef
    productGroupC: URIRef
    productGroupD: URIRef
    productGroupE: URIRef
    refused: URIRef
    secondary: URIRef
    verified: URIRef
    withdrawn: URIRef
