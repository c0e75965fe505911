"""The answer-type detector (question side, EN/FR/ES) and the sentence-side checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from govqa.abstention import Candidate, EvidenceJudge, distinctive_terms, unknown_names
from govqa.answer_type import asked_part, detect, detect_parts, mentions
from govqa.countries import country_codes
from govqa.language import detect_language


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who chaired the roundtable discussion?", "person"),
        ("Qui a présidé la table ronde ?", "person"),
        ("¿Quién presidió la mesa redonda?", "person"),
        ("Who took part in the discussion?", "people"),
        ("Qui a participé à la discussion ?", "people"),
        ("¿Quiénes participaron en el debate?", "people"),
        ("Which country hosted the roundtable?", "country"),
        ("Quel pays a accueilli la table ronde ?", "country"),
        ("¿Qué país acogió la mesa redonda?", "country"),
        ("Where was the convention opened for signature?", "place"),
        ("How much money did the ministries pledge?", "amount"),
        ("Combien d'argent les ministères ont-ils promis ?", "amount"),
        ("¿Cuánto dinero prometieron los ministerios?", "amount"),
        ("What percentage of citizens trust AI?", "percentage"),
        ("Quel pourcentage des citoyens fait confiance à l'IA ?", "percentage"),
        ("What can countries gain by working together?", "explanation"),
        ("Where do the OECD AI Principles address disinformation?", "explanation"),
        ("Combien de pays ont approuvé la déclaration ?", "number"),
        ("¿Cuántas empresas firmaron los compromisos?", "number"),
        ("What is the annual budget of the AI Office?", "amount"),
        ("¿Qué cantidad de dinero propuso el órgano asesor?", "amount"),
        ("Quelle somme d'argent a été promise ?", "amount"),
        ("Quelle somme d\u2019argent a été promise ?", "amount"),
        ("Quel était le montant du fonds ?", "amount"),
        ("Quel montant le fonds devait-il réunir ?", "amount"),
        ("What amount of compute triggers the rules?", "number"),
        ("How big are the fines for prohibited practices?", "number"),
        ("When will the roundtable meet next?", "future date"),
        ("When was the UNESCO Recommendation adopted?", "date"),
        ("Quand la table ronde a-t-elle eu lieu ?", "date"),
        ("¿Cuándo se adoptó la resolución?", "date"),
        ("In what year was the framework published?", "date"),
        ("Which technology companies were named?", "organisation"),
        ("Quelles entreprises ont signé ?", "organisation"),
        ("¿Qué empresa fue multada?", "organisation"),
        ("What are the four functions of the NIST AI RMF core?", "list"),
        ("Quels sont les principes de l'OCDE ?", "list"),
        ("¿Cuáles son las características de una IA confiable?", "list"),
        ("What is normative sovereignty?", "explanation"),
        ("Pourquoi la coopération est-elle préférée ?", "explanation"),
        ("¿Cómo se entiende la soberanía?", "explanation"),
        ("Exactly how many countries signed the statement?", "number"),
        ("By what date must Parties have sandboxes operating?", "day"),
        ("On which exact day in January 2023 was the framework released?", "day"),
        ("To what date were the obligations postponed?", "day"),
        ("What is the capital of Australia?", "city"),
        ("In which city was the convention opened for signature?", "city"),
        ("In which capital did the ministries meet?", "city"),
        ("Which minister or ambassador presided over the discussion?", "person"),
        ("Quel ministre a présidé la table ronde ?", "person"),
        ("Which ministers signed the statement?", "people"),
        ("Which official body oversees the AI Act?", "explanation"),  # adjectives are no roles
        ("Which individual rights does the convention protect?", "explanation"),
        ("Which person or body is responsible for oversight?", "explanation"),
        ("What is the capital requirement for providers?", "explanation"),
        ("Which capital markets rules apply?", "explanation"),
        ("¿En qué ciudad se abrió el convenio a la firma?", "city"),
        ("What share of GDP should countries invest in AI?", "percentage"),
        ("Which semiconductor suppliers did the ministries name?", "organisation"),
        ("What training-compute threshold decides whether a model is covered?", "number"),
        ("Which paragraph of the Recommendation bans social scoring?", "reference"),
        ("Under which article may a Party ban a use?", "reference"),
        ("Which provision deals with democratic processes?", "reference"),
        ("What provisions does the Act make for SMEs?", "explanation"),
        ("¿Qué artículo prohíbe la puntuación social?", "reference"),
        ("What limits does the Convention set on surveillance?", "explanation"),
        # After a leading clause, the question proper decides.
        ("According to the term list, who should be able to check the design?", "people"),
        ("Apart from the United States, which countries co-sponsored it?", "country"),
        (
            "Selon la Déclaration de Bletchley, quels pays devaient accueillir les sommets ?",
            "country",
        ),
        ("Según el informe, ¿cuántos Estados miembros no participan?", "number"),
        ("In the list of terms, what does normative sovereignty mean?", "explanation"),
        ("Which are the 7 UN Member States that are party to all seven?", "country"),
        # Countries as actors: governments, powers, allies; one adjective allowed.
        ("Which middle powers sent delegates to the roundtable?", "country"),
        ("Which governments were to organise the next two meetings?", "country"),
        ("Which member states voted against?", "country"),
        ("Quelles puissances moyennes ont participé ?", "country"),
        ("¿Qué gobiernos respaldaron la declaración?", "country"),
        ("What can countries gain by working together on AI?", "explanation"),
        ("Which part of government were the people drawn from?", "explanation"),
        ("Which kind of government officials came together?", "explanation"),
        ("What are the 46 member States obliged to do?", "list"),
        ("Which are the 27 EU member states' obligations?", "list"),
        # A comma inside the question proper opens no leading clause.
        ("How are deployers, who use high-risk systems, regulated?", "explanation"),
        ("Why should providers document risks, when the Act does not require it?", "explanation"),
        ("Comment la Commission, qui supervise l'IA, agit-elle ?", "explanation"),
        ("¿Cómo actúa la UE, cuando la ley ya se aplica?", "explanation"),
        ("Pourquoi la Commission a-t-elle signé, ou refusé, la déclaration ?", "explanation"),
        ("Pourquoi la France a-t-elle signé, ou refusé, la déclaration ?", "reason"),
        ("In 1,000 cases, what fine was imposed?", "number"),
        ("Which Chinese minister or official signed the declaration?", "person"),
        ("Which minister or body signed the declaration?", "explanation"),
        ("Who gave the opening remarks at the roundtable?", "person"),
        ("Who took part in the roundtable?", "people"),
        ("Which part of government were the participants drawn from?", "explanation"),
        ("What share of the budget goes to research?", "percentage"),
        ("What are makers of advanced models asked to do?", "list"),
        ("Which AI companies signed the commitments?", "organisation"),
        ("Which major technology companies did they single out?", "organisation"),
        ("Which watermarking products or vendors does the Code recommend?", "organisation"),
        # "aux organisations" is whom the text asks, not which ones are asked for.
        ("Que demande aux organisations la sous-catégorie MAP 5.1 ?", "explanation"),
        ("Who was named as the two co-chairs of the Panel?", "person"),
        ("Who was named as host of the next summit?", "people"),  # hosts are named too
        ("Which official at the OSTP led the drafting?", "person"),
        ("Which official documents does the note cite?", "explanation"),
        # A comparison of two things, which a sentence on one of them does not make.
        ("How do the AI Act's fines compare with the GDPR's?", "comparison"),
        ("Is the NIST framework cheaper for small firms than the AI Act?", "comparison"),
        ("Has the AI Act proved more effective than the Blueprint?", "comparison"),
        ("La loi européenne est-elle plus stricte que les règles chinoises ?", "comparison"),
        ("¿Es la ley europea más estricta que las normas chinas?", "comparison"),
        ("Is the maximum fine higher than EUR 30 million?", "explanation"),  # a figure
        ("Did more than 50 countries sign the statement?", "explanation"),
        ("Which countries other than the US declined to sign?", "country"),
        ("Which 32 countries were members of the Coalition?", "country"),
        ("Which seven UN Member States are party to all seven initiatives?", "country"),
        # "a los gobiernos" is whom the text asks, not which ones are asked for.
        ("¿Qué pide a los gobiernos la Recomendación 2.4?", "explanation"),
        ("Which US federal agencies adopted the Blueprint?", "organisation"),
        ("Which US official introduced the draft resolution?", "person"),
        ("Who was the European Parliament's lead rapporteur on the Act?", "person"),
        ("Who is the current head of the AI Office?", "person"),
        # The kinds a rule binds, and the countries a definition has in mind, are descriptions.
        ("Which organisations have to carry out an impact assessment?", "explanation"),
        ("Which companies have signed the commitments?", "organisation"),
        ("Which countries does the word list have in mind?", "explanation"),
        ("Which countries count as middle powers?", "explanation"),
        ("Quels pays l'expression « puissances moyennes » désigne-t-elle ?", "explanation"),
        ("Which White House official led the drafting of the Blueprint?", "person"),
        ("Which two governments stayed off the joint text?", "explanation"),
        ("Rather than self-reliance, what route did they prefer?", "explanation"),
        ("Who are the two people appointed as co-chairs of the Panel?", "person"),
        ("Qui sont les deux coprésidents du Groupe scientifique ?", "person"),
        ("Which two scientists were chosen as co-chairs of the Panel?", "person"),
        ("Which experts drafted the Recommendation?", "explanation"),
        # An imperative asks which ones, as "Which…?" does.
        ("Name the technology firms that signed the commitments.", "organisation"),
        ("List the countries that co-chaired the summit.", "country"),
        ("List the main risks participants raised.", "explanation"),
        ("What initial endowment in euros was pledged for the platform?", "amount"),
        ("¿Quiénes son los dos copresidentes del Grupo?", "person"),
        ("Who are the delegates?", "people"),
        ("Qui sont les deux personnes nommées coprésidentes ?", "person"),
        # A "when" clause opens no question about time; "When" with a verb does.
        ("When the delegates weighed the benefits, which dangers did they name?", "explanation"),
        ("When the Act entered into force, who enforced it?", "people"),
        (
            "According to the glossary, when AI is governed, how many actors may examine it?",
            "number",
        ),
        ("Lorsque la convention a été ouverte, combien de pays l'ont signée ?", "number"),
        ("When was the Act adopted?", "date"),
        ("When will the next summit be held?", "future date"),
        # Up to two words may stand before the countries asked for, but not "… of".
        ("Which EU member states voted against the Act?", "country"),
        ("Which area of government activity is left outside the treaty?", "explanation"),
        # An appointment names persons; bodies are designated.
        ("Who were appointed as the two co-chairs of the Panel?", "person"),
        ("Qui a été nommé à la tête du groupe ?", "person"),
        ("¿Quién fue elegido presidente del comité?", "person"),
        ("Who has been designated as the market surveillance authority?", "people"),
        # A State, a delegation; organisations are named as companies are.
        ("Which State proposed the provision on moratoria?", "country"),
        ("Which delegation first put forward the idea?", "country"),
        ("What state of affairs does the report describe?", "explanation"),
        ("Which state-of-the-art models are covered?", "explanation"),
        ("Which organisations took part in the pilot phase?", "organisation"),
        # The motive of a refusal; other "why" questions ask for an explanation.
        ("Why did Washington and London refuse to endorse the Paris statement?", "reason"),
        ("What reasons did the US give for not signing the declaration?", "reason"),
        ("Pourquoi les États-Unis n'ont-ils pas signé la déclaration ?", "reason"),
        ("¿Por qué Estados Unidos no firmó la declaración?", "reason"),
        ("Why did the participants prefer cooperation to self-sufficiency?", "explanation"),
        ("Why did the participants reject complete self-sufficiency?", "explanation"),
        ("¿Por qué Estados Unidos se negó a firmar la declaración?", "reason"),
        ("Pourquoi la coopération n'est-elle pas suffisante ?", "explanation"),
        # The reasons someone gave, or why an option was chosen, whatever was done.
        ("What reasons did the Chinese government give for endorsing the declaration?", "reason"),
        ("Why did the legislators choose 10^25 operations as the threshold?", "reason"),
        ("¿Qué razones dieron los gobiernos para apoyar la declaración?", "reason"),
        ("What grounds for restricting rights does the Convention list?", "explanation"),
        # A count of persons; members of the UN or of a coalition are states.
        ("How many diplomats attended the roundtable?", "headcount"),
        ("How many heads of state and government attended the summit?", "headcount"),
        ("How many participants responded to the pilot?", "number"),  # organisations
        # The future in French and Spanish, as "will" in English.
        ("Quand le NIST publiera-t-il la version 2.0 de son cadre ?", "future date"),
        ("¿Cuándo revisará el NIST su marco?", "future date"),
        ("Quand la convention a-t-elle été ouverte ?", "date"),
        ("When is the first Conference of the Parties scheduled to meet?", "future date"),
        # "On what date / in which month…" with a future verb asks for a date still to come.
        ("¿En qué fecha se revisarán los Principios Rectores?", "future date"),
        ("On what date will NIST publish version 2.0?", "future date"),
        ("On what date was the Convention opened for signature?", "day"),
        ("In which month will the next summit be held?", "future date"),
        ("Combien d'experts compte le groupe scientifique ?", "headcount"),
        ("¿Cuántos expertos tiene el panel?", "headcount"),
        ("How many UN member states co-sponsored it?", "number"),
        ("How many members did the coalition have?", "number"),
        ("Combien de pays membres comptait la Coalition ?", "number"),
        # An appointment asked with "which individuals" names persons (unseen39 unans-u39-07).
        ("Which individuals have been appointed as the two co-chairs of the Panel?", "person"),
        ("Which individuals are protected by the Blueprint?", "explanation"),
        # "Which are the N countries…?" in French and Spanish asks for the countries.
        ("Quels sont les 32 pays membres de la Coalition ?", "country"),
        ("¿Cuáles son los 46 Estados miembros del Consejo?", "country"),
        ("Quels sont les principes de l'OCDE ?", "list"),
        # Why a country did something asks for its motive (unseen34 unans-u34-14); why the
        # participants thought something asks for the summary's explanation.
        ("Why did Saudi Arabia wait until June 2025 to adhere?", "reason"),
        ("¿Por qué Arabia Saudí esperó hasta 2025?", "reason"),
        ("Why did the participants prefer cooperation to self-sufficiency?", "explanation"),
        # What a named person said (unseen32, unseen38, unseen39: Rishi Sunak at Seoul).
        ("What did Prime Minister Rishi Sunak say about democracy at the Seoul summit?", "remark"),
        ("What did President Macron announce at the Paris summit?", "remark"),
        ("Qu'a déclaré Emmanuel Macron à Paris ?", "remark"),
        ("¿Qué dijo Yoon Suk Yeol en la cumbre?", "remark"),
        # …not what a text, a body, a country or a group said.
        ("What did the Bletchley Declaration say about risks?", "explanation"),
        ("What did Global Affairs Canada state about the coalition?", "explanation"),
        ("What did South Korea say about safety?", "explanation"),
        ("What did the G7 Leaders announce?", "explanation"),
        ("What did participants say about sovereignty?", "explanation"),
    ],
)
def test_detects_the_kind_of_answer_asked(question: str, kind: str) -> None:
    assert detect(question) == kind


@pytest.mark.parametrize(
    ("kind", "holds", "lacks"),
    [
        (
            "person",
            "It was co-chaired by President Yoon Suk Yeol.",
            "The co-chairs come from two countries.",
        ),
        ("people", "Representatives from ministries took part.", "The text is voluntary."),
        ("people", "The United States led the draft.", "The draft was adopted in March."),
        (
            "day",  # the date a statement was true on is no date of what it reports
            "Brazil adhered on 8 June 2019.",
            "As of 6 May 2026, the Adherents were Argentina, Brazil and Egypt.",
        ),
        (
            "place",
            "It was opened for signature in Vilnius.",
            "It was opened for signature last year.",
        ),
        (
            "city",
            "It was opened for signature in Vilnius, at a conference.",
            "Australia, Canada and France took part in the Seoul Declaration.",
        ),
        ("city", "The summit was held at Bletchley Park.", "It was held in France and in Korea."),
        ("city", "In Paris, the leaders met.", "Article 5 applies in Article 6 cases."),
        ("city", "It was adopted in Seoul on 21 May.", "It was adopted at Ministerial level."),
        ("city", "They met in São Paulo on Monday.", "In June, they met in English and French."),
        ("city", "It was signed in Vilnius.", "It was debated in Council, then in Europe."),
        ("city", "It was signed in Vilnius.", "It is listed in Annex, as in Article."),
        (
            "country",
            "The Republic of Korea and Brazil co-hosted it.",
            "Countries, mostly in the Global South, take part.",
        ),
        ("country", "Côte d'Ivoire signed.", "The European Union signed."),
        (
            "future date",
            "The next summit will be held in February 2025.",
            "The statement of 7 September 2023 links the process to democracy.",
        ),
        (
            "future date",
            "It will enter into force on 1 August 2027.",
            "The next meeting is planned.",
        ),
        ("number", "28 countries endorsed it.", "Many countries endorsed it."),
        (
            "number",  # articles, document codes and ordinals count nothing
            "It enters into force after five ratifications.",
            "Under Article 30 of CETS No. 225 and Regulation (EU) 2024/1689, the first treaty.",
        ),
        ("number", "The panel has 10-15 members.", "NIST AI 100-1 is a framework."),
        ("number", "It drew 400 comments.", "As directed by the Act (Public Law 116-283)."),
        (
            "number",  # the days of a date range are no count
            "16 companies signed.",
            "It took place on 21 and 22 May 2024, on 10\u201311 February 2025 and on May 21-22.",
        ),
        (
            "number",  # an ordinal ranks, it does not count; an EU document code names
            "It was adopted by 46 member States.",
            "It was adopted at its 133rd Session, in COM(2021) 206, at the 2e sommet.",
        ),
        ("amount", "Fines reach EUR 35 million.", "Fines reach 7 % of turnover."),
        ("amount", "The fund pays three million euros.", "The fund pays three partners."),
        ("amount", "It costs two million shillings.", "It costs two meetings a year."),
        ("percentage", "Fines reach 7 % of turnover.", "Fines reach EUR 35 million."),
        ("date", "It was adopted on 21 March 2024.", "It was adopted by consensus."),
        ("date", "The board meets every quarter.", "The board meets in the town hall."),
        ("date", "Le comité se réunit chaque année.", "Le comité se réunit à Paris."),
        ("organisation", "OpenAI and Google signed.", "Sixteen AI companies signed."),
        ("day", "It was released on 26 January 2023.", "It was released in January 2023."),
        ("day", "It applies from 2 August 2026.", "Article 12 may apply from 2026."),
        ("reference", "Article 5(2) protects democratic processes.", "It has 36 articles."),
        ("reference", "Annex III point 8(b) lists election systems.", "Annexes list systems."),
        ("reference", "Since 2024, Principle 1.2(a) covers it.", "It was revised in 2024."),
        ("headcount", "The Panel has 40 experts.", "118 countries take part in none of them."),
        ("headcount", "The Panel's 40 members serve three years.", "It has 46 member States."),
        (
            "reason",
            "The US declined to sign, citing concerns about over-regulation.",
            "The United States and the United Kingdom did not sign the Paris statement.",
        ),
        (  # "concerns" as a verb gives no motive
            "reason",
            "Participants raised serious concerns about concentration.",
            "Article 12 of the Convention concerns reliability.",
        ),
        (
            "comparison",
            "The Seoul Declaration was endorsed by a smaller group than the Bletchley one.",
            "Under Article 99, breaches can be fined up to EUR 35 million.",
        ),
    ],
)
def test_sentence_holds_the_kind_or_not(kind: str, holds: str, lacks: str) -> None:
    assert mentions(kind, holds)  # type: ignore[arg-type]
    assert not mentions(kind, lacks)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How many principles are there, and when were they published?", ("number", "date")),
        ("Who drafted the resolution, and was it put to a vote?", ("people", "explanation")),
        # Drafted by a group or a body; a signatory for a country is a person.
        ("¿Cuántos comentarios hubo, y quién la redactó?", ("number", "people")),
        ("Qui a signé la déclaration au nom de la Chine ?", ("person",)),
        ("Who signed the declaration on behalf of China?", ("person",)),
        ("Which OSTP officials drafted the Blueprint?", ("person",)),
        ("Why did the drafters decide to exclude national defence?", ("reason",)),
        ("Pourquoi ont-ils décidé d'exclure la défense ?", ("reason",)),
        ("When was it published, and who endorsed it?", ("date", "people")),
        ("Who co-chaired the session, and on what date?", ("person", "day")),
        ("When and where will the next meeting be held?", ("future date", "place")),
        ("When was it signed, and who will host the next summit?", ("date", "people")),
        ("When did it enter into force, and from when does it apply?", ("date", "date")),
        ("Which companies were fined, and for how much?", ("organisation", "number")),
        ("Quand et où la convention a-t-elle été ouverte ?", ("date", "place")),
        ("What is normative sovereignty?", ("explanation",)),
        # "…and was there…" opens a yes-no question without its comma too (unseen39 typo-u39-02).
        ("when was unga resoluton 78/265 adopted and was ther a vote", ("date", "explanation")),
        ("Which countries signed and ratified the treaty?", ("country",)),
        ("Which rights and freedoms does it protect?", ("explanation",)),
    ],
)
def test_detects_each_thing_a_compound_question_asks(question: str, kinds: tuple[str]) -> None:
    assert detect_parts(question) == kinds


# The count, day, year or country asked for is not one the question already names, nor the day
# or year of a date read as a count; a new one answers.
NAMED = "How many ratifications does CETS 225 need?"
DAY = "On which day in January 2023 was it released?"
AFTER_US = "Which country joined after the United States?"


@pytest.mark.parametrize(
    ("kind", "question", "sentence", "answers"),
    [
        ("number", NAMED, "CETS 225 is a treaty.", False),
        ("number", NAMED, "It needs five ratifications.", True),
        ("number", "How many spoke?", "The statement of 7 September 2023 names them.", False),
        ("number", "How many ministers spoke?", "The G7 ministers spoke.", False),
        ("date", DAY, "It was released in January 2023.", False),
        ("date", DAY, "It came out on 26 January 2023.", True),
        ("date", "When was it adopted?", "Parties may adopt further measures.", False),
        ("date", "When was it adopted?", "It was adopted in May 2024.", True),
        ("country", AFTER_US, "The US joined first.", False),
        ("country", AFTER_US, "Japan joined after the US.", True),
    ],
)
def test_only_a_new_instance_answers(
    kind: str, question: str, sentence: str, answers: bool
) -> None:
    assert mentions(kind, sentence, question) is answers  # type: ignore[arg-type]


def test_a_named_body_answers_who_unless_it_is_its_own_documents_name() -> None:
    coe = "Council of Europe Framework Convention on Artificial Intelligence"
    assert mentions(
        "people",
        "The Meridian Guidelines were issued by the Equator Forum in 2024.",
        "Who issued the Meridian Guidelines?",
        "Meridian Guidelines",
    )
    assert mentions("people", "It was adopted by the Committee of Ministers.", "Who?", coe)
    # The issuer in its own note's title names the text, not an actor found.
    assert not mentions("people", "It was opened by the Council of Europe.", "Who?", coe)
    assert mentions("people", "It was opened by the Council of Europe.", "Who?", "A treaty")
    # A name that runs on into a text's name, a capitalised article and the body the question
    # itself names are no answer.
    assert not mentions("people", "Article 9 of the Council of Europe Framework Convention.")
    assert not mentions("people", "The Panel meets twice a year.", "Who chairs the panel?")
    assert not mentions(
        "people", "The Equator Forum meets in Geneva.", "Who funds the Equator Forum?"
    )


def test_the_judge_reads_a_body_in_its_documents_title_as_the_texts_name() -> None:
    judge = EvidenceJudge(
        {"coe": "Council of Europe Framework Convention", "nr": "Nebula Rule"}, threshold=0.5
    )

    def judged(text: str, doc: str) -> bool:
        return not judge.judge("Who opened it?", [Candidate(text, 0.9, doc, "", True)]).abstain

    assert not judged("It was opened by the Council of Europe in 2024.", "coe")
    assert judged("It was opened by the Council of Europe in 2024.", "nr")


def test_country_names_and_short_forms_are_one_country() -> None:
    assert country_codes("the US and the United Kingdom") == {"USA", "GBR"}
    assert country_codes("the United States, Britain and the Republic of Korea") == {
        "USA",
        "GBR",
        "KOR",
    }
    assert country_codes("Congo and the European Union") == set()
    # French and Spanish names, from pycountry's translations.
    assert country_codes("l'Allemagne et le Royaume-Uni") == {"DEU", "GBR"}
    assert country_codes("el Ministerio de Asuntos Exteriores de España") == {"ESP"}
    # GeoNames' short names where ISO has only the formal one.
    assert country_codes("Did Russia, Iran or Syria endorse it?") == {"RUS", "IRN", "SYR"}
    assert country_codes("Estados Unidos y Japón") == {"USA", "JPN"}


TITLES = {
    "roundtable": "Roundtable of foreign ministries on AI, sovereignty and democracy: summary",
    "seoul": "Seoul Declaration for safe, innovative and inclusive AI (AI Seoul Summit, 2024)",
}


def _judge_beside_nist(doc: str, title: str) -> tuple[EvidenceJudge, Candidate]:
    """A judge over the NIST note and one other, and the NIST sentence dating its review."""
    titles = {doc: title, "nist": "NIST AI Risk Management Framework (United States, 2023)"}
    review = Candidate("NIST expects a formal review no later than 2028.", 0.9, "nist", "", True)
    return EvidenceJudge(titles, threshold=0.3), review


@pytest.mark.parametrize(
    ("doc", "title", "answered", "declined", "named"),
    [
        # A word for a people in a title is no subject; the title's distinctive words are.
        (
            "blueprint",
            "Blueprint for an AI Bill of Rights: Work for the American People",
            "By what year will the American standards agency review it?",
            "By what year must the Blueprint's rights apply?",
            "Blueprint",
        ),
        # A lower-case word names a title only as the title spells it, give or take a plural.
        (
            "g7",
            "Hiroshima Process International Guiding Principles for Advanced AI Systems",
            "By what year will the agency revisit its risk guide?",
            "By what year were the guiding principles revised?",
            "guiding",
        ),
    ],
)
def test_which_question_words_name_another_document(
    doc: str, title: str, answered: str, declined: str, named: str
) -> None:
    judge, review = _judge_beside_nist(doc, title)
    verdict = judge.judge(answered, [review])
    assert not verdict.abstain, verdict.reason
    verdict = judge.judge(declined, [review])
    assert verdict.abstain and named in verdict.reason


def test_a_decline_says_when_the_kind_asked_is_only_off_the_subject() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    elsewhere = Candidate("Eleven firms signed the pledge.", 0.9, "roundtable", "", True)
    verdict = judge.judge("How many firms signed in Seoul?", [elsewhere])
    assert verdict.abstain
    assert verdict.reason == "no sentence holds a number of firms in a passage that names Seoul"
    undated = Candidate("Firms signed the pledge.", 0.9, "roundtable", "", True)
    plain = judge.judge("How many firms signed in Seoul?", [undated])
    assert plain.reason == "no sentence holds a number of firms"


def test_distinctive_title_terms_exclude_shared_words() -> None:
    subjects = distinctive_terms(TITLES)
    assert "roundtabl" in subjects["roundtable"] and "seoul" in subjects["seoul"]
    assert "ai" not in subjects["roundtable"] | subjects["seoul"]


def test_years_and_single_characters_name_no_subject() -> None:
    # "roundtable's" gives the term "s", "(2021)" a year: neither names the document, so a
    # question holding "body's" or "2021" is not confined to it (nor is "roundtable", the
    # possessor: test_a_possessor_in_a_title_leaves_the_word_to_the_text_it_names).
    subjects = distinctive_terms(
        {"glossary": "Glossary of the roundtable's key terms", "unesco": "UNESCO Ethics (2021)"}
    )
    assert subjects == {
        "glossary": {"glossari", "key", "term"},
        "unesco": {"unesco", "ethic"},
    }


def test_judge_abstains_when_no_sentence_holds_the_kind_asked() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    on_topic = Candidate("Representatives from ministries took part.", 0.9, "roundtable", "", True)
    elsewhere = Candidate(
        "It was co-chaired by President Yoon Suk Yeol.", 0.8, "seoul", "Overview", True
    )
    verdict = judge.judge("Who chaired the roundtable?", [on_topic, elsewhere])
    assert verdict.abstain and verdict.kind == "person" and not verdict.eligible
    answered = judge.judge("Who took part in the roundtable?", [on_topic, elsewhere])
    assert not answered.abstain and answered.eligible[0] == 0


def test_several_countries_asked_for_need_more_than_one() -> None:
    """'Which countries were members?' is not answered by the one country that published the
    statement (unseen20 unans-u20-18); 'Which country…?' still is."""
    one = "Global Affairs Canada published the Joint Statement on 5 November 2020."
    two = "France and India co-chaired the Paris AI Action Summit."
    for question in (
        "Which countries were members of the coalition in 2020?",
        "¿Qué países formaban parte de la coalición?",
        "Quels pays étaient membres de la coalition ?",
    ):
        assert not mentions("country", one, question)
        assert mentions("country", two, question)
    assert mentions("country", one, "Which country published the statement?")
    # Countries the question names are not among those found.
    assert not mentions("country", two, "Which countries joined France at the summit?")


def test_a_remark_is_answered_only_by_a_sentence_reporting_the_persons_words() -> None:
    question = "What did Prime Minister Rishi Sunak say about democracy?"
    assert not mentions(
        "remark", "It was co-chaired by Prime Minister Rishi Sunak of the United Kingdom.", question
    )
    assert mentions("remark", "Sunak said that democracies must lead on AI.", question)
    assert mentions("remark", "According to Prime Minister Sunak, AI is risky.", question)
    assert mentions("remark", "In Rishi Sunak's closing remarks, AI was a theme.", question)
    assert not mentions("remark", "Sunak said that democracies must lead.", "What did Macron say?")
    # A name of short words is still matched by its words, not by any sentence.
    assert not mentions(
        "remark", "The minister said it was needed.", "What did President Xi Li say?"
    )
    assert mentions("remark", "Li said the rules were needed.", "What did President Xi Li say?")
    judge = EvidenceJudge(TITLES, threshold=0.3)
    named = Candidate(
        "The session was co-chaired by Prime Minister Rishi Sunak.", 0.9, "seoul", "", True
    )
    verdict = judge.judge(question, [named])
    assert verdict.abstain and verdict.reason == "no sentence reports what the person named said"


def test_judge_abstains_when_no_sentence_names_the_country_asked_about() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    signed = Candidate("Japan and Canada signed the declaration in Seoul.", 0.9, "seoul", "", True)
    verdict = judge.judge("Did New Zealand join the Seoul Declaration?", [signed])
    assert verdict.abstain and verdict.reason == "no sentence names NZL"
    priced = judge.judge("How much money did Japan pledge in Seoul?", [signed])
    assert priced.abstain and priced.reason == "no sentence holds an amount"
    assert not judge.judge("Did Japan join the Seoul Declaration?", [signed]).abstain
    dated = Candidate("The declaration was adopted in May 2024.", 0.9, "seoul", "", True)
    nobody = judge.judge("Who drafted the Seoul Declaration?", [dated])
    assert nobody.abstain and nobody.kind == "people"
    assert nobody.reason == "no sentence names a person or body"


def test_what_a_question_sets_aside_is_neither_its_subject_nor_its_answer() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    led = Candidate(
        "The draft was led and co-sponsored by the United States.", 0.9, "seoul", "", True
    )
    verdict = judge.judge("Apart from the United States, which countries co-sponsored it?", [led])
    assert verdict.abstain and verdict.reason == "no sentence holds a country"
    # "Besides the roundtable, …" does not confine the answer to the roundtable's sentences.
    count = Candidate("Eleven other states joined the talks.", 0.9, "seoul", "", True)
    question = "Besides the roundtable, Seoul and Paris, how many states joined the talks?"
    assert not judge.judge(question, [count]).abstain
    assert judge.judge("How many states joined the roundtable talks?", [count]).abstain


def test_asked_part_drops_only_a_clause_that_sets_things_aside() -> None:
    question = "Apart from the EU, the US and China, which countries signed?"
    assert asked_part(question) == "which countries signed?"
    assert country_codes(asked_part(question)) == set()
    kept = "How are deployers, who use high-risk systems, regulated?"
    assert asked_part(kept) == kept


def test_french_and_spanish_questions_name_subjects_by_names_not_by_english_stems() -> None:
    titles = {**TITLES, "g7": "Guiding Principles for Organizations Developing Advanced AI"}
    judge = EvidenceJudge(titles, threshold=0.3)
    un = Candidate(
        "The UN advisory body found that 118 countries take part in none.", 0.9, "x", "", True
    )
    # "organe" stems like "Organizations" in English; it names no document here.
    question = "Selon l'organe consultatif de l'ONU, combien d'États membres ne participent pas ?"
    assert not judge.judge(question, [un]).abstain
    # A name still does: "Séoul" is not the title's word, "Seoul" is.
    assert judge.judge("¿Cuántos países firmaron la declaración de Seoul?", [un]).abstain


def test_a_reference_the_question_names_is_not_the_answer() -> None:
    question = "Which article complements Article 5 of the Convention?"
    assert not mentions("reference", "Article 5 requires measures.", question)
    assert mentions("reference", "Article 5 and Article 16 require measures.", question)


KNOWN = {"eu", "ai", "act", "oecd", "unesco", "nist", "rmf", "cets"}


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("What did the participants say about OpenAI's GPT models?", ["OpenAI", "GPT"]),
        ("What lower fine caps does the EU AI Act set for SMEs?", ["SMEs"]),
        ("What share of GDP should countries invest in AI? And GDP growth?", ["GDP"]),
        ("What does the NIST AI RMF say about CETS 225?", []),  # all known
        ("Did the US and the UK sign it?", []),  # countries: the country rule's
        ("Is IT security covered by UNESCO?", []),  # "it" is a stop word
        ("How does Brussels treat election software?", []),  # one capital: no name
        ("Que dit l'IA Act de l'ONU sur ChatGPT ?", []),  # French: not checked
        ("What does Annex IV say about GDP?", ["GDP"]),  # Roman numerals are no names
        ("WHAT DOES THE AI ACT SAY ABOUT DEEPFAKES?", []),  # all capitals: no names
    ],
)
def test_unknown_names(question: str, unknown: list[str]) -> None:
    assert unknown_names(question, lambda word: word.lower() in KNOWN) == unknown


NEARLY_KNOWN = KNOWN | {"declaration", "rights", "council", "europe", "observer", "sea"}


def _nearly_known(word: str) -> bool:
    """A stand-in for BM25Retriever.knows_nearly: known, or one typo away."""
    from rapidfuzz import fuzz

    return any(fuzz.ratio(word.lower(), k) >= 80 for k in NEARLY_KNOWN)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("Did Anthropic take part as an observer?", ["Anthropic"]),
        ("What role did Microsoft's lawyers play?", ["Microsoft"]),  # possessive
        ("Was the Bletchley Declaraton binding?", []),  # a typo of a known word
        ("What did Brussels ban, and what did the British host?", []),  # place, people
        ("Which rules did Washington and Beijing agree on?", []),  # places
        ("Did New Zealand join the Council of Europe?", []),  # a country's name
        ("Anthropic: did it take part?", []),  # the question's first word
        ("What do Japanese-led talks say?", []),  # a hyphenated compound
    ],
)
def test_unknown_capitalised_words(question: str, unknown: list[str]) -> None:
    known = lambda word: word.lower() in NEARLY_KNOWN  # noqa: E731
    assert unknown_names(question, known, _nearly_known) == unknown
    assert unknown_names(question, known) == []  # without the tolerant lookup: acronyms only


def test_judge_abstains_when_the_index_never_mentions_a_name() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3, known=lambda word: word.lower() in KNOWN)
    models = Candidate("Developers of advanced AI models should report.", 0.9, "seoul", "", True)
    verdict = judge.judge("What did the summit say about OpenAI's models?", [models])
    assert verdict.abstain and verdict.reason == "no source mentions OpenAI"
    assert not judge.judge("What did the summit say about AI models?", [models]).abstain
    unchecked = EvidenceJudge(TITLES, threshold=0.3)
    assert not unchecked.judge("What did the summit say about OpenAI's models?", [models]).abstain


def test_judge_needs_a_sentence_for_each_thing_asked() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.3)
    count = Candidate("The declaration has 11 principles.", 0.9, "seoul", "", True)
    dated = Candidate("It was published on 21 May 2024.", 0.8, "seoul", "", True)
    question = "How many principles does it have, and when was it published?"
    assert judge.judge(question, [count]).abstain
    both = judge.judge(question, [count, dated])
    assert not both.abstain and set(both.eligible) == {0, 1}


def test_judge_holds_questions_the_passages_share_few_words_with_to_a_higher_threshold() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.5, lexical_weight=0.0, low_overlap_threshold=0.7)
    passage = Candidate(
        "Sovereignty is understood as informed choice.", 0.6, "roundtable", "", True
    )
    worded = judge.judge("How is sovereignty understood?", [passage])
    assert not worded.abstain and worded.overlap is not None and worded.overlap > 0.5
    far = judge.judge("How do I bake sourdough bread?", [passage])
    assert far.abstain and far.overlap == 0.0
    assert far.reason == "best score 0.600 < 0.7 (passages hold 0% of its words)"
    # At exactly the share the passages do hold enough of its words (3 of 4 missing: 0.25).
    quarter = judge.judge("Sovereignty: baked, sliced, toasted?", [passage])
    assert quarter.overlap == 0.25 and not quarter.abstain
    stricter = EvidenceJudge(
        TITLES, threshold=0.5, lexical_weight=0.0, low_overlap_threshold=0.7, low_overlap=0.3
    )
    assert stricter.judge("Sovereignty: baked, sliced, toasted?", [passage]).abstain
    # The low-overlap threshold only ever raises the bar.
    lower = EvidenceJudge(TITLES, threshold=0.5, lexical_weight=0.0, low_overlap_threshold=0.2)
    assert not lower.judge("How do I bake sourdough bread?", [passage]).abstain
    assert lower.judge("How do I bake sourdough bread?", [replace(passage, score=0.45)]).abstain


def test_judge_holds_questions_far_from_the_quoted_passage_to_the_higher_threshold() -> None:
    # With a concept measure (latent terms), the share of the question's concepts held by the
    # passage of the best eligible sentence decides, in any language; the word share does not.
    shares = {"near": 0.6, "far": 0.1}
    asked: list[tuple[str, str]] = []

    def concepts(question: str, chunk_id: str) -> float | None:
        asked.append((question, chunk_id))
        return shares.get(chunk_id)

    judge = EvidenceJudge(
        TITLES,
        threshold=0.5,
        lexical_weight=0.0,
        low_overlap_threshold=0.7,
        low_concepts=0.2,
        concepts=concepts,
    )
    far = Candidate(
        "Sovereignty is understood as informed choice.", 0.6, "roundtable", "", True, "far"
    )
    near = replace(far, score=0.55, chunk_id="near")
    question = "How is sovereignty understood?"  # its words are held: no low word share
    verdict = judge.judge(question, [far, near])
    assert verdict.abstain and verdict.concepts == 0.1
    assert verdict.overlap is not None and verdict.overlap > 0.5
    assert asked == [(question, "far")]  # the best eligible sentence's passage, only
    assert verdict.reason == (
        "best score 0.600 < 0.7 (the passage of its best sentence holds 10% of its concepts)"
    )
    answered = judge.judge(question, [replace(far, chunk_id="near")])
    assert not answered.abstain and answered.concepts == 0.6
    # French: no word in common, but the passage holds its concepts: the main threshold.
    french = judge.judge(
        "Comment la souveraineté est-elle comprise ?", [replace(far, chunk_id="near")]
    )
    assert not french.abstain and french.overlap is not None and french.overlap < 0.4
    # No measure for the chunk (or no low_concepts share): the word share decides again.
    unmeasured = judge.judge(
        "Comment la souveraineté est-elle comprise ?", [replace(far, chunk_id="x")]
    )
    assert unmeasured.abstain and unmeasured.concepts is None
    assert unmeasured.reason.endswith("of its words)")


def test_judge_abstains_below_threshold() -> None:
    judge = EvidenceJudge(TITLES, threshold=0.5)
    weak = Candidate("Sovereignty is understood as informed choice.", 0.4, "roundtable", "", True)
    assert judge.judge("What is sovereignty?", [weak]).abstain
    assert not EvidenceJudge(TITLES, threshold=0.3).judge("What is sovereignty?", [weak]).abstain


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Qui a participé à la discussion ?", "fr"),
        ("Quelle est l'amende maximale prévue par le règlement européen ?", "fr"),
        ("¿Qué riesgos introduce la IA para la democracia?", "es"),
        ("¿Cuándo adoptó la Asamblea General la resolución?", "es"),
        ("what is normatve soverignty?", "en"),
        ("How does Brussels treat software meant to sway voters?", "en"),
        ("CETS 225?", "en"),
    ],
)
def test_detects_question_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_a_state_dated_in_another_year_does_not_answer_a_question_about_a_year() -> None:
    titles = {"foc": "Freedom Online Coalition Joint Statement (2020), with the 2025 Statement"}
    judge = EvidenceJudge(titles, threshold=0.3)
    dated = Candidate(
        "As of 5 November 2020, the Freedom Online Coalition had 32 member countries.",
        0.9,
        "foc",
        "",
        True,
    )
    later = judge.judge("How many members did the Coalition have in 2025?", [dated])
    assert later.abstain and later.reason == "no sentence holds a number of members"
    assert not judge.judge("How many members did the Coalition have in 2020?", [dated]).abstain
    assert not judge.judge("How many members did the Coalition have?", [dated]).abstain
    # A year naming a text is not the time asked about, unless the question dates by it.
    named = "How many members has the Coalition counted since its 2025 joint statement?"
    assert not judge.judge(named, [dated]).abstain
    dating = "How many members did the Coalition have when it issued its 2025 joint statement?"
    assert judge.judge(dating, [dated]).abstain
    # A figure asked "so far" is a dated one; an undated count does not say how many by now.
    undated = Candidate("The Coalition has 40 members.", 0.9, "foc", "", True)
    for question in (
        "How many members has the Coalition had so far?",
        "¿Cuántos miembros tiene actualmente la Coalición?",
        # A count after an event: the sentence reporting the event does not give it.
        "How many members has the Coalition had since the pilot phase ended?",
    ):
        assert judge.judge(question, [undated]).abstain, question
        assert not judge.judge(question, [dated, undated]).abstain, question


def test_a_web_address_holds_no_number_or_date() -> None:
    cited = "It is at https://example.org/news/2020/2020-11-05-internet-freedom.aspx?lang=eng."
    assert not mentions("number", cited) and not mentions("date", cited)
    assert mentions("number", "It had 32 members, see www.example.org/2020.")


def test_the_noun_naming_what_is_asked_for_is_not_the_subject() -> None:
    titles = {"bletchley": "The Bletchley Declaration by Countries", "paris": "Paris Statement"}
    judge = EvidenceJudge(titles, threshold=0.3)
    cochaired = Candidate("The summit was co-chaired by France and India.", 0.9, "paris", "", True)
    assert not judge.judge("Which country co-chaired the summit?", [cochaired]).abstain
    # Named elsewhere in the question, the title word still names a subject.
    assert judge.judge("Which country co-chaired the Countries summit?", [cochaired]).abstain


def test_a_country_in_a_hyphenated_modifier_is_not_asked_about() -> None:
    judge = EvidenceJudge({"g7": "G7 Hiroshima AI Process (2023)"}, threshold=0.3)
    pilot = Candidate("20 organisations in 10 countries took part.", 0.9, "g7", "", True)
    launched = judge.judge("How many took part in the Japan-launched code's pilot?", [pilot])
    assert not launched.abstain
    assert judge.judge("How many took part in Japan in the code's pilot?", [pilot]).abstain
    # The host of an event describes it too; the country's own ministry is asked about.
    hosted = "How many took part after Japan's 2023 summit in the code's pilot?"
    assert not judge.judge(hosted, [pilot]).abstain
    assert judge.judge("How many did Japan's foreign ministry count in the pilot?", [pilot]).abstain
    chaired = "How many took part in the code launched under Japan's chairmanship of the G7?"
    assert not judge.judge(chaired, [pilot]).abstain


def test_a_lower_case_title_word_most_texts_use_is_no_subject() -> None:
    titles = {
        "coe": "Framework Convention on Democracy and the Rule of Law",
        "eu": "EU Artificial Intelligence Act",
    }
    texts = {"coe": {"law", "convent"}, "eu": {"law", "fine", "act"}, "x": {"law"}}
    fined = Candidate("The Act's fines reach EUR 35 million.", 0.9, "eu", "", True)
    question = "What is the biggest fine under the European law on AI?"
    assert judge_of(titles, texts).judge(question, [fined]).abstain is False
    assert EvidenceJudge(titles, threshold=0.3).judge(question, [fined]).abstain  # "law": CoE
    # Written as a name, the title word still names its document.
    assert (
        judge_of(titles, texts).judge("What fine does the Rule of Law treaty set?", [fined]).abstain
    )


def judge_of(titles: dict[str, str], texts: dict[str, set[str]]) -> EvidenceJudge:
    return EvidenceJudge(titles, threshold=0.3, texts=texts)


def test_a_french_or_spanish_common_word_spelt_as_in_a_title_is_no_subject() -> None:
    titles = {"unga": "UN General Assembly resolution 78/265", "eu": "EU AI Act"}
    texts = {"unga": {"general"}, "eu": {"general", "forc"}, "x": {"general"}}
    applies = Candidate("The Act applies from 2 August 2026.", 0.9, "eu", "", True)
    question = "¿Desde qué fecha se aplica con carácter general la Ley?"
    assert not judge_of(titles, texts).judge(question, [applies]).abstain
    assert EvidenceJudge(titles, threshold=0.3).judge(question, [applies]).abstain


@pytest.mark.parametrize(
    "question",
    [
        "À quelle date s'est tenue la table ronde des ministères des Affaires étrangères ?",
        "¿En qué fecha se reunió la mesa redonda de ministerios de asuntos exteriores?",
    ],
)
def test_french_and_spanish_names_of_a_titles_words_make_it_the_subject(question: str) -> None:
    titles = {
        "rt": "Roundtable of foreign ministries on AI: summary",
        "coe": "Council of Europe Framework Convention",
    }
    adopted = Candidate("The Convention was adopted on 17 May 2024.", 0.9, "coe", "", True)
    verdict = EvidenceJudge(titles, threshold=0.3).judge(question, [adopted])
    assert verdict.abstain
    assert (
        verdict.reason == "no sentence holds a day in a passage that names ministries and foreign"
    )
    met = Candidate("The ministries met on 3 March 2025.", 0.9, "rt", "", True)
    assert not EvidenceJudge(titles, threshold=0.3).judge(question, [met]).abstain


def test_a_documents_issuer_is_named_by_each_of_its_passages() -> None:
    titles = {
        "gdc": "Global Digital Compact and resolution 79/325 on the Scientific Panel",
        "unga": "UN General Assembly resolution 78/265",
    }
    panel = Candidate("The Scientific Panel has 40 experts.", 0.9, "gdc", "", True)
    question = "How many experts sit on the panel the General Assembly set up in 2025?"
    issued = {"gdc": "United Nations General Assembly", "unga": "United Nations General Assembly"}
    assert not EvidenceJudge(titles, threshold=0.3, issuers=issued).judge(question, [panel]).abstain
    unnamed = EvidenceJudge(titles, threshold=0.3).judge(question, [panel])
    assert unnamed.abstain and unnamed.reason.endswith("General and Assembly")


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("Who must assess the impact on rights before using a risky system in Europe?", True),
        ("Who must assess the impact on rights under the Council of Europe convention?", False),
        ("¿Quién debe evaluar el impacto según el convenio del Consejo de Europa?", False),
        ("Qui doit évaluer l'impact selon le Conseil de l'Europe ?", False),
    ],
)
def test_a_passage_on_the_eu_is_on_europe_unless_the_council_of_europe_is_named(
    question: str, answered: bool
) -> None:
    titles = {
        "eu": "EU Artificial Intelligence Act (Regulation (EU) 2024/1689)",
        "coe": "Council of Europe Framework Convention on Artificial Intelligence",
    }
    duty = Candidate(
        "The Article 27 duty applies to bodies governed by public law.", 0.9, "eu", "", True
    )
    issued = {"eu": "European Parliament and Council of the European Union"}
    verdict = EvidenceJudge(titles, threshold=0.3, issuers=issued).judge(question, [duty])
    assert verdict.abstain is not answered
    if not answered:
        assert "in a passage that names" in verdict.reason


def test_a_possessor_in_a_title_leaves_the_word_to_the_text_it_names() -> None:
    titles = {
        "rt": "Roundtable of foreign ministries: summary",
        "gl": "Glossary of the roundtable's key terms",
    }
    assert distinctive_terms(titles) == {
        "rt": {"roundtabl", "foreign", "ministri", "summari"},
        "gl": {"glossari", "key", "term"},
    }


def test_a_notes_section_on_the_roundtables_themes_is_not_about_the_roundtable() -> None:
    titles = {
        "rt": "Roundtable of foreign ministries: summary",
        "gl": "Glossary of the roundtable's key terms",
        "un": "Global Digital Compact",
    }
    themes = Candidate(
        "That 118 countries take part in none of them supports the roundtable's concern.",
        0.9,
        "un",
        "How it relates to the roundtable's themes > Inclusion",
        True,
    )
    question = "How many countries sent representatives to the roundtable?"
    verdict = EvidenceJudge(titles, threshold=0.3).judge(question, [themes])
    assert verdict.abstain and verdict.reason.endswith("in a passage that names roundtable")
    reported = Candidate("Twelve countries sent representatives.", 0.9, "rt", "", True)
    assert not EvidenceJudge(titles, threshold=0.3).judge(question, [themes, reported]).abstain


def test_a_lower_case_title_word_over_a_quarter_of_the_texts_use_is_no_subject() -> None:
    titles = {"glossary": "Glossary of key terms", "gdc": "Global Digital Compact"}
    panel = Candidate("The Panel has 40 experts who serve for three years.", 0.9, "gdc", "", True)
    question = "How many experts sit on the panel, and how long is their term?"
    # "term" in the texts of 1 of 4 documents: a title word; of 2 of 4: common language.
    rare = {"glossary": {"term"}, "gdc": set(), "a": set(), "b": set()}
    used = {"glossary": {"term"}, "gdc": set(), "a": {"term"}, "b": set()}
    assert judge_of(titles, rare).judge(question, [panel]).abstain
    assert not judge_of(titles, used).judge(question, [panel]).abstain


def test_bm25_vocabulary_knows_words_a_typo_or_two_away() -> None:
    from govqa.retrieve import BM25Retriever
    from govqa.types import Chunk

    text = "The Bletchley Declaration and Article 26 protect rights."
    bm25 = BM25Retriever([Chunk(id="c", doc_id="d", text=text, start=0, end=len(text))], [text])
    assert bm25.knows("declarations") and not bm25.knows("Declaraton")  # stems, exactly
    for typo in ("Declaraton", "Artical", "Rigths", "Bletchly"):
        assert bm25.knows_nearly(typo), typo
    for other in ("Anthropic", "Microsoft", "Protectorate"):
        assert not bm25.knows_nearly(other), other


def test_acronyms_of_names_a_text_spells_out() -> None:
    from govqa.acronyms import acronyms

    found = acronyms(["The UN General Assembly and the Council of Europe met the Global Compact."])
    assert {"UNGA", "GA", "COE", "CE", "GC"} <= found
    assert not {"UNESCO", "WTO", "UGA", "TUN"} & found


def test_bm25_vocabulary_knows_the_acronym_of_a_spelt_out_name() -> None:
    from govqa.retrieve import BM25Retriever
    from govqa.types import Chunk

    text = "The UN General Assembly adopted resolution 78/265 without a vote."
    bm25 = BM25Retriever([Chunk(id="c", doc_id="d", text=text, start=0, end=len(text))], [text])
    assert bm25.knows("UNGA")
    assert not bm25.knows("Unga") and not bm25.knows("WTO") and not bm25.knows("GA")
    question = "Was UNGA resolution 78/265 adopted by a vote?"
    assert unknown_names(question, bm25.knows, bm25.knows_nearly) == []
    assert unknown_names("Did the WTO adopt it?", bm25.knows, bm25.knows_nearly) == ["WTO"]


def test_bm25_finds_a_passage_by_its_documents_note_but_knows_only_the_shown_words() -> None:
    from govqa.retrieve import BM25Retriever
    from govqa.types import Chunk

    texts = ["The Office requires labels on replies.", "The Bureau requires labels on replies."]
    chunks = [
        Chunk(id=f"c{i}", doc_id=f"d{i}", text=t, start=0, end=len(t)) for i, t in enumerate(texts)
    ]
    indexed = [f"Vela (a regulator in Reykjavik)\n{texts[0]}", f"Lyra\n{texts[1]}"]
    bm25 = BM25Retriever(chunks, indexed, shown=[f"Vela\n{texts[0]}", f"Lyra\n{texts[1]}"])
    assert bm25.retrieve("Reykjavik regulator labels", 2, None)[0].chunk.id == "c0"
    # The judge's vocabulary: a word only the note holds is not one the sources say.
    assert bm25.knows("Vela") and not bm25.knows("Reykjavik")
    assert not bm25.knows_nearly("Reykjavík")
    assert BM25Retriever(chunks, indexed).knows("Reykjavik")


def test_a_question_asking_for_a_name_needs_only_the_entity_threshold() -> None:
    titles = {"paris": "Paris AI Action Summit statement (2025)"}
    judge = EvidenceJudge(titles, threshold=0.77, lexical_weight=0.0, entity_threshold=0.73)
    cochaired = Candidate("The summit was co-chaired by France and India.", 0.75, "paris", "", True)
    country = judge.judge("Which country shared the chair with France?", [cochaired])
    assert not country.abstain, country.reason  # India: a country the question does not name
    how = judge.judge("How was the summit organised?", [cochaired])
    assert how.abstain and how.reason.startswith("best score")  # explanations: the threshold
    strict = EvidenceJudge(titles, threshold=0.77, lexical_weight=0.0)
    assert strict.judge("Which country shared the chair with France?", [cochaired]).abstain


def test_a_question_asking_for_reasons_is_answered_only_by_one_giving_a_reason() -> None:
    # The question's own "reasons" is no reason found.
    question = "What reasons did the US give for refusing to sign the statement?"
    plain = "The United States and the United Kingdom did not sign the statement."
    assert not mentions("reason", plain, question)
    assert mentions("reason", "The US did not sign because of national security.", question)


def test_a_passage_names_a_country_by_its_capital_but_a_question_does_not() -> None:
    from govqa.countries import countries_in_context

    assert countries_in_context("16 AI companies signed at the AI Seoul Summit.") == {"KOR"}
    assert countries_in_context("It was adopted in Strasbourg.") == set()  # no capital
    assert country_codes("How does the Brussels rulebook treat it?") == set()
    judge = EvidenceJudge(TITLES, threshold=0.3)
    pledged = Candidate(
        "16 firms signed commitments at the AI Seoul Summit.", 0.9, "seoul", "", True
    )
    verdict = judge.judge("How many firms made pledges at the 2024 meeting in Korea?", [pledged])
    assert not verdict.abstain, verdict.reason
    verdict = judge.judge("How many firms made pledges at the 2024 meeting in Japan?", [pledged])
    assert verdict.abstain and verdict.reason == "no sentence names JPN"


def test_regions_and_seas_are_places() -> None:
    from govqa.places import is_place_word

    assert is_place_word("Baltic") and is_place_word("Nordic") and is_place_word("Sahel")
    assert not is_place_word("Anthropic")


def test_a_version_the_question_names_must_be_in_the_answers_context() -> None:
    titles = {"nist": "NIST AI Risk Management Framework (AI RMF 1.0)"}
    judge = EvidenceJudge(titles, threshold=0.3)
    review = Candidate("NIST expects a formal review no later than 2028.", 0.9, "nist", "", True)
    verdict = judge.judge("When will NIST publish version 2.0 of the framework?", [review])
    assert verdict.abstain, verdict.reason
    assert not judge.judge("When will NIST review version 1.0?", [review]).abstain
