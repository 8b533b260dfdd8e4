"""Extraction as a spaCy pipeline: registered components in order, results on the Doc,
`nlp.pipe` giving what one-at-a-time extraction gives, word classes and noun phrases."""
import json
from pathlib import Path

import pytest
import spacy

from claimbase.pipeline import Extractor, records
from claimbase.stages.tokens import STAGES, extraction_pipeline
from claimbase.stages.word_classes import noun_phrase_before

GOLD = Path(__file__).parent / "gold" / "dev.jsonl"


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def test_every_stage_is_a_registered_component_in_order():
    nlp = extraction_pipeline()
    assert tuple(nlp.pipe_names) == STAGES
    for name in STAGES:
        assert name in spacy.registry.factories.get_all() or nlp.has_factory(name)


def test_results_are_written_on_the_doc(extractor):
    doc = extractor.nlp(extractor.doc("MAmmoTH-7B reaches 33% on MATH. It has 7B parameters.", None))
    assert doc._.sentences == [(0, 31), (32, 53)]
    nlp = spacy.blank("en")  # the boundaries on the tokens too, where a user asks for doc.sents
    nlp.add_pipe("claimbase_sentences", config={"mark_tokens": True})
    assert [s.text for s in nlp("MAmmoTH-7B reaches 33% on MATH. It has 7B parameters.").sents] == \
        ["MAmmoTH-7B reaches 33% on MATH.", "It has 7B parameters."]
    assert {19, 39} <= {q.start for q in doc._.quantities}  # "33%" and "7B" (the name's "7B" is read too)
    assert {e.canonical for e in doc._.entities if e.label == "BENCHMARK"} == {"MATH"}
    claims = doc.spans["claims"]
    assert [(s.text, s.label_) for s in claims] == [("33%", "SCORE"), ("7B", "MODEL_SIZE")]
    assert claims[0]._.draft.benchmark == "MATH" and claims[0]._.draft.subject == "MAmmoTH-7B"


def test_pipe_gives_what_one_at_a_time_gives(extractor):
    papers = [json.loads(line) for line in GOLD.open()][:40]
    pairs = [(p["abstract"], p["title"]) for p in papers] + [("", "no abstract")]
    one = [extractor.extract(a, t) for a, t in pairs]
    many = list(extractor.extract_many(pairs))
    assert [[c.model_dump() for c in cs] for cs, _ in many] == [[c.model_dump() for c in cs] for cs, _ in one]
    assert sum(len(cs) for cs, _ in many) > 40
    assert many[-1] == ([], [])


def test_word_classes_tell_phrases_from_verbs_and_adverbs(extractor):
    doc = extractor.nlp(extractor.doc(
        "Our zero-shot VLMs consistently achieve 64.0% macro-F1, and the fusion algorithm reduced error by 70%.", None))
    classes = {t.text: t.pos_ for t in doc}
    assert classes["achieve"] == "VERB" and classes["reduced"] == "VERB"
    assert classes["consistently"] == "ADV" and classes["the"] == "DET" and classes["by"] == "ADP"
    assert classes["VLMs"] == "PROPN" and classes["fusion"] == "NOUN" and classes["64.0"] == "NUM"
    verb = next(t.i for t in doc if t.text == "achieve")
    first, end = noun_phrase_before(doc, verb, 0)
    assert doc[first:end].text == "Our zero-shot VLMs"  # the adverb is skipped, not taken
    verb = next(t.i for t in doc if t.text == "reduced")
    first, end = noun_phrase_before(doc, verb, 0)
    assert doc[first:end].text == "the fusion algorithm"


def test_a_word_of_two_classes_is_settled_by_its_neighbours(extractor):
    doc = extractor.nlp(extractor.doc("It sets a new record on a set of tasks with 91% accuracy.", None))
    sets = [t.pos_ for t in doc if t.lower_ in ("sets", "set")]
    assert sets == ["VERB", "NOUN"]


def test_records_are_made_in_one_place(extractor):
    doc = extractor.nlp(extractor.doc("Our model reaches 85.2% accuracy on GSM8K.", None))
    claims, mentions = records(doc)
    assert [(c.value, c.benchmark, c.text) for c in claims] == [(85.2, "GSM8K", "85.2%")]
    assert {m.canonical for m in mentions} >= {"GSM8K"}


@pytest.mark.parametrize("sentence, number, subject", [
    ("In simulation, the fusion algorithm reduced longitudinal error by up to 70 percent.", "up to 70 percent",
     "fusion algorithm"),
    # a baseline as the subject of its own verb is the system that reached the number, never the paper's own
    ("On MMA-Bench, MMA reaches 41.18% accuracy, while the baseline collapses to 0.0% in the same setting.", "0.0%",
     "baseline"),
    ("Our method reaches 80.1%, whereas the strongest baseline only achieves 61.2%.", "61.2%", "strongest baseline"),
    ("Our findings reveal that zero-shot VLMs achieve 64.0% macro-F1 on the test set.", "64.0%", "zero-shot VLMs"),
    ("After 2000 epochs, the human model reaches 71.67% accuracy, and the robot model achieves 71.8% accuracy.",
     "71.8%", "robot model"),
    ("Pooled SLMs achieved 96.8% validity; top SLMs in the 20-32B range reached 99% validity.", "99%",
     "top SLMs in the 20-32B range"),
    # an adverb before the verb is not part of the subject, and "our method" is the paper's own system
    ("Results show that the fusion algorithm significantly reduces error by 70%.", "70%", "fusion algorithm"),
    ("We propose FooNet. Experiments show that our method significantly improves accuracy by 3.2%.", "3.2%",
     "FooNet"),
    # a list gives each name before a number its number, even a kind of model; the name is not the metric
    ("With ResNet50 attaining 98.61% accuracy, CNN 97.91%, and ViT 93.75%.", "97.91%", "CNN"),
    # a gerund before the verb heads the phrase, and a prefix joined by a hyphen belongs to it
    ("HHEM with non-fabrication checking achieves the highest accuracy 82.2%.", "82.2%",
     "HHEM with non-fabrication checking"),
    ("Data mining improves accuracy by 3%.", "3%", "Data mining"),
    # "A and B" inside an attached phrase belongs to the subject
    ("Multimodal fusion of head pose and facial features achieved the highest accuracy of 84.6%.", "84.6%",
     "Multimodal fusion of head pose and facial features"),
    # verbs joined by "and" share the subject before the first ("to process" is not that verb)
    ("Even the strongest model (Gemini-3.1-Pro) identifies only 58.7% of tools and completes merely 21.0% of "
     "queries.", "21.0%", "Gemini-3.1-Pro"),
    ("We propose JRT-RNN, which uses linear attention to process prompts and provides 99% of Transformer quality.",
     "99%", "JRT-RNN"),
    # a named system whose level changes "from X to Y" is that level's subject
    ("Our strategies improve the average task performance of the OpenLlama-3B model from 36.2% to 40.7%.",
     "36.2% to 40.7%", "OpenLlama-3B"),
    # a name in capitals is no metric unless the vocabulary writes it so ("DICE" is not the Dice coefficient)
    ("DICE improves the average format accuracy by 35.4%.", "35.4%", "DICE"),
    # a relative clause is about the phrase before its comma, even another verb's object
    ("3D CNNs need 3.2% more time per frame than LSTMs, which maintain 86.7% accuracy.", "86.7%", "LSTMs"),
    ("Our model outperformed the medical-focused Meditron3-8B LLM, which scored 43%.", "43%",
     "medical-focused Meditron3-8B LLM"),
])
def test_the_noun_phrase_before_the_claim_verb_is_the_subject(extractor, sentence, number, subject):
    claims, _ = extractor.extract(sentence)
    assert {c.text: c.subject for c in claims}[number] == subject


@pytest.mark.parametrize("sentence, number", [
    # objects of a verb or a preposition, counts, results and the paper's own phrases name no system
    ("Adding 100 human demonstrations improves the performance of GSM8K only by 0.4 pp.", "0.4 pp"),
    ("This work suggests that adding a component to pretrained language models can improve accuracy by 3.3%.", "3.3%"),
    ("Our results show a 12% reduction in latency.", "12%"),
    ("For several crops, F1 scores of 0.8 or higher can be achieved.", "0.8 or higher"),
])
def test_phrases_that_name_no_system_are_not_subjects(extractor, sentence, number):
    claims, _ = extractor.extract(sentence)
    assert {c.text: c.subject for c in claims}[number] is None


@pytest.mark.parametrize("phrase, kept", [
    ("performance considerably", "performance"),       # a trailing adverb is cut
    ("generated tokens", "generated tokens"),           # a participle before its noun stays
    ("per-token latency", "per-token latency"),         # compounds stay
    ("relative training cost", "relative training cost"),
    ("traditional MTL fine-tuning whilst improving overall performance", "traditional MTL fine-tuning"),
    ("demonstrating average", None),                    # a verb phrase is no metric
    ("demonstrate the strong capability", None),
    ("upon BiomedCLIP", None),                          # nor a prepositional phrase
    ("significantly higher accuracy", "higher accuracy"),  # an adverb before a describing word goes
    ("HHEM with non-fabrication checking", "HHEM with non-fabrication checking"),  # a gerund may end it
])
def test_metrics_and_baselines_are_noun_phrases(phrase, kept):
    from claimbase.stages.word_classes import noun_phrase_of
    assert noun_phrase_of(phrase) == kept


@pytest.mark.parametrize("text, expected", [
    ("Experiments over two widely adopted XLS datasets (CrossSum and WikiLingua) show gains.", ["CrossSum", "WikiLingua"]),
    ("Traditional benchmarks like HumanEval and MBPP test short functions.", ["HumanEval", "MBPP"]),
    # a list with a comma before its "and" (the Oxford comma) is one list
    ("Pairs were compiled from three public datasets (FIVES, HRF, and StoneRounds).", ["FIVES", "HRF", "StoneRounds"]),
    ("We evaluate on four datasets: Indian Pine, Pavia University, Houston and BigEarthNet.",
     ["Indian Pine", "Pavia University", "Houston", "BigEarthNet"]),
    # a list closed by "and" ends with its last name, though the clause goes on after it without a stop
    ("New datasets including ASL STEM Wiki and FLEURS-ASL contain professional interpreters and 100s of hours.",
     ["ASL STEM Wiki", "FLEURS-ASL"]),
    # a kind of dataset is no dataset's name; a model or a kind of model on which one evaluates is no benchmark
    ("The system processes a curated Islam QA dataset of 25,000 pairs. New datasets appear.", []),
    ("Experiments on Qwen2.5-Omni and Qwen3-Omni show gains. We study attacks on SLMs.", []),
    ("We pretrain on a 160B-token corpus and on TC-centric corpora.", []),
    ("Evaluations on the 3D-FRONT dataset show gains.", ["3D-FRONT"]),  # the whole word, not "D-FRONT"
    # after a score, "on" and a capitalized word, even one of English; not a language, a metric or a model
    ("We obtain 58.6% mAP on Charades and 34.27% accuracy on Moments-in-Time.", ["Charades", "Moments-in-Time"]),
    # the names a determiner lists with a benchmark before a plural kind are benchmarks too
    ("Our experiments on the Replica and Matterport3D datasets highlight gains.", ["Replica", "Matterport3D"]),
    ("Experiments on the Houston 2013 and Trento datasets show gains.", ["Houston 2013", "Trento"]),
    ("Results on the Vietnamese and English datasets improve.", []),
    # a list without "and" after a benchmark is one when "respectively" pairs its names with as many numbers
    ("It obtains the best results on DOTA, UCAS-AOD, HRSC with 76.64% mAP, 97.01% mAP, and 90.46% mAP respectively.",
     ["DOTA", "UCAS-AOD", "HRSC"]),
    ("We test on DOTA, Foo, Bar and obtain 76.64% mAP.", ["DOTA"]),
    # a split written with a capital after the name ("Dev", "Test") ends it as its lowercase form does
    ("It reaches 85.7% accuracy on Spider Dev and 59.8% on BIRD Dev.", ["Spider", "BIRD"]),
    ("It improves 8.6% on DroneGait and 2% on Gait3D compared with the best method.", ["DroneGait", "Gait3D"]),
    ("Errors fall by up to 20% on Mandarin, by 39% on Recall and reach 98% ASR on Deepseek-R1.", []),
    # (the contest itself is named in capitals, and is one: "the NTIRE 2025 Challenge")
    ("The model scores 90% and runs on Windows. Results of the NTIRE 2025 Challenge on Day and Night.",
     ["NTIRE 2025 Challenge"]),
    # a split named by an adjective, an accelerator; a kind word before a name is no part of it
    ("Accuracy drops from 85.5% on Easy to 67.2% on Hard, with 3.7x acceleration on A40 and H200.", []),
    ("It shows an 11.3% improvement on the challenging OOD SimplerEnv benchmark.", ["SimplerEnv"]),
    ("It gains 5% over baselines on both miniImageNet and tieredImageNet benchmarks.", ["miniImageNet", "tieredImageNet"]),
    ("Especially on the widely used USPTO benchmark, the success rate rises to 99.47%.", ["USPTO"]),
    # the words a shape looks ahead to may lie past the cue's window
    ("Experiments in Overcooked-AI show that Co-pi-tree improves average reward by 35.4%.", ["Overcooked-AI"]),
    ("Extensive evaluations conducted on the DeepSense 6G dataset demonstrate gains.", ["DeepSense 6G"]),
    # a capitalized word joined to a number or an acronym; a size in a dataset's name is no model's
    ("We evaluate VirDA on Office-31 and obtain 92.8% mean accuracy.", ["Office-31"]),
    ("Evaluation on the BIOSCAN-5M dataset demonstrates 96.81% accuracy.", ["BIOSCAN-5M"]),
    ("We build RSWBench-1.1M, a 1.1 million sample dataset, and UAVIT-1M, a large instruction dataset.",
     ["RSWBench-1.1M"]),
    # after "on", a name that a preposition of measure follows: "from" or "by" a number, "at", "than", "compared"
    ("It boosts the evaluation score on ImagenHub from 5.90 to 6.43.", ["ImagenHub"]),
    ("It achieves the best error on KITTI-2015 at 2.94% and gains on MMVet by +5.6%.", ["KITTI-2015", "MMVet"]),
    ("It reaches 22% higher accuracy on BOP-Classic-Core than the best 2023 method.", ["BOP-Classic-Core"]),
    # ... but not what a method is based on, nor research on a task
    ("The pipeline is based on FineWeb that can be curated, and research on KPE from articles grows.", []),
    # a database named as one: "the X database"
    ("A smile recognition test accuracy of 99.45% is achieved on the DISFA database.", ["DISFA"]),
    # listed after a plural kind, each with its score in brackets, a version after a space
    ("It surpasses o1 on the puzzle reasoning benchmarks like Enigmata-Eval, ARC-AGI (32.8%), and ARC-AGI 2 (0.6%).",
     ["Enigmata-Eval", "ARC-AGI", "ARC-AGI 2"]),
    # a bracket that abbreviates closes no member: "Deepfake Detection and Manipulation" is not two names
    ("We evaluate on three datasets: Deepfake Detection and Manipulation (DFDM), FaceForensics++, and FakeAVCeleb.",
     []),
])
def test_benchmarks_from_the_way_they_are_used(extractor, text, expected):
    _, mentions = extractor.extract(text)
    assert [m.text for m in mentions if m.label == "BENCHMARK"] == expected


def test_a_benchmark_the_paper_introduces_is_one_of_its_benchmarks(extractor):
    _, mentions = extractor.extract("SAHM contains 14,380 items, and the best models reach 61% accuracy.",
                                    "SAHM: A Benchmark for Arabic Financial Question Answering")
    assert [(m.text, m.rule) for m in mentions if m.label == "BENCHMARK"] == [("SAHM", "introduced_resource")]


@pytest.mark.parametrize("text, introduced", [
    # a name in apposition to the kind the paper introduces, its long form between
    ("We introduce a novel fine-grained dataset and benchmark, the Danish Fungi 2020 (DF20). DF20 has zero overlap "
     "with ImageNet. ViT achieves 80.45% accuracy.", "DF20"),
    ("We propose a scalable framework for synthesizing a high-quality dataset, named OptMATH. Models trained on "
     "OptMATH reach 62.1%.", "OptMATH"),
    # a kind named in a phrase that introduces nothing
    ("Evaluated on a public wood defect dataset, CFIS-YOLO achieves 77.5% mAP.", None),
    ("On the SEED-DV dataset, DynaMind sets a new state of the art with 19.7% accuracy.", None),
])
def test_a_benchmark_the_paper_names_after_its_kind_is_one_it_introduces(extractor, text, introduced):
    claims, mentions = extractor.extract(text, "A title")
    found = [m.text for m in mentions if m.label == "BENCHMARK" and m.rule == "introduced_resource"]
    assert found == ([introduced] if introduced else [])
    if introduced:  # the scores that name no benchmark are on it, whatever other names the abstract gives
        assert {c.benchmark for c in claims if c.kind == "score"} == {introduced}


def test_an_abbreviation_whose_long_form_names_a_benchmark_is_one(extractor):
    claims, mentions = extractor.extract(
        "We introduce the Complexity Ceiling Benchmark (CCB), a controlled evaluation of reasoning depth. "
        "Every frontier model falls below 50% accuracy.", "Reasoning decays with depth")
    assert [(m.text, m.rule) for m in mentions if m.label in ("BENCHMARK", "SYSTEM")] == [
        ("Complexity Ceiling Benchmark", "introduced_resource")]
    assert [(c.value, c.benchmark) for c in claims] == [(50.0, "Complexity Ceiling Benchmark")]


@pytest.mark.parametrize("text, defined", [
    ("We propose Sparse Routing Attention (SRA), a fast layer.", [("Sparse Routing Attention", "SRA")]),
    ("a deformable attention pyramid (DAP) for video", [("deformable attention pyramid", "DAP")]),
    ("Large Language Models (LLMs) are everywhere.", [("Large Language Models", "LLMs")]),
    ("results (ours) in 2023 (see below) and accuracy (ACC. 5)", []),  # brackets that define nothing
])
def test_abbreviations_the_text_defines(text, defined):
    from claimbase.stages.abbreviations import definitions
    assert [(d.long, d.short) for d in definitions(text)] == defined


def test_a_system_and_its_abbreviation_are_one_system(extractor):
    text = ("We propose Sparse Routing Attention (SRA), a sparse attention layer. On GSM8K, Sparse Routing "
            "Attention reaches 41.2% accuracy, and SRA is 2.1x faster than FlashAttention.")
    claims, mentions = extractor.extract(text, "Routing attention sparsely")
    assert {c.text: c.subject for c in claims} == {"41.2%": "SRA", "2.1x": "SRA"}
    systems = [(m.text, m.canonical, m.rule) for m in mentions if m.label == "SYSTEM"]
    assert systems == [("Sparse Routing Attention (SRA)", "SRA", "defined_system")]


@pytest.mark.parametrize("sentence, size, model", [
    ("Across twelve instruction-tuned LLMs (4B to 671B parameters), OC correlates with accuracy.", "4B to 671B",
     "instruction-tuned LLMs"),
    ("Even a small detector (0.6B parameters) achieves substantial gains.", "0.6B", "small detector"),
    ("Finally, we train domestic-yak, a state-of-the-art 8B-parameter model, on our data.", "8B", "domestic-yak"),
    # the phrase a size is given with, or the name that phrase stands in apposition to
    ("MagicVL-2B leverages a lightweight visual encoder with fewer than 100M parameters.", "fewer than 100M",
     "lightweight visual encoder"),
    ("It outperforms a state-of-the-art video generation model with over 13B parameters.", "over 13B",
     "state-of-the-art video generation model"),
    ("This study led to Pangu Ultra MoE, a sparse LLM with 718 billion parameters.", "718 billion", "Pangu Ultra MoE"),
])
def test_a_stated_size_belongs_to_the_phrase_it_follows(extractor, sentence, size, model):
    claims, _ = extractor.extract(sentence, "Sizes")
    assert {c.text: c.subject for c in claims if c.kind == "model_size"}[size] == model


@pytest.mark.parametrize("sentence", [
    # a kind in the plural, a phrase after a preposition or an adverb, the paper's own: not the phrase
    "We focus on designing top-quality LLMs with fewer than a billion parameters, a practical choice.",
    "We show that language models for reasoning with fewer than 10B parameters often fail.",
    "FS-DAG is highly performant with less than 90M parameters.",
])
def test_a_size_given_with_a_kind_or_a_description_belongs_to_no_phrase(extractor, sentence):
    claims = extractor.extract(sentence)[0]
    assert [c.subject for c in claims if c.kind == "model_size"] in ([None], ["FS-DAG"])


@pytest.mark.parametrize("sentence, number, metric, benchmark", [
    ("The framework achieves an average reduction of 71% in beam steering overhead.", "71%",
     "beam steering overhead", None),
    ("It reduces the number of LLM queries by 77.7% on Overcooked-AI.", "77.7%", "number of llm query", None),
    # what is counted may take four words, in a second clause with its own verb of change
    ("RePO increases computational cost by 15% while raising the number of effective optimization steps by 48%.",
     "48%", "number of effective optimization steps", None),
    ("Conversation-optimized tokenizers reduce the number of tokens in chatbot dialogues by 5% to 10%.", "5% to 10%",
     "number of tokens", None),
    ("Our designs improve GSM8K accuracy by 3.1% across backbones.", "3.1%", "accuracy", "GSM8K"),
    # "by N in X": what differs follows "in", unless it is a name (then it is where)
    ("SimulRAG outperforms RAG baselines by 30.4% in informativeness and 16.3% in factuality.", "16.3%",
     "factuality", None),
    ("Our method improves the baseline by 2.1 points in exact match and 3.4 points in F1.", "3.4 points", "f1", None),
    ("Our method outperforms baselines by over 10% in terms of grasp success rate.", "over 10%", "grasp success rate",
     None),
    # after a verb of change with an object and no comparison, "in X" says where, not what
    ("Agents reduce quantitative errors by over 85% in complex tasks.", "over 85%", "quantitative errors", None),
    # a measure that changes by itself is the metric, and names no system
    ("With our paradigm, the average response length decreases by up to 71% on simpler tasks.", "up to 71%",
     "average response length", None),
    ("SPG improves the accuracy over RL methods by 3.6% in GSM8K, 2.6% in MATH500, and 18.4% in Countdown.", "2.6%",
     "accuracy", "MATH500"),
])
def test_the_metric_is_what_changed(extractor, sentence, number, metric, benchmark):
    claims, _ = extractor.extract(sentence, "Changes")
    claim = {c.text: c for c in claims}[number]
    assert (claim.metric, claim.benchmark if benchmark else None) == (metric, benchmark)


@pytest.mark.parametrize("sentence, expected", [
    ("IterNet achieves AUCs of 0.9816, 0.9851, and 0.9881 on three datasets.",
     [("0.9816", "AUC"), ("0.9851", "AUC"), ("0.9881", "AUC")]),
    ("After reranking, its BLEU score increases to 36.5, close to the best result.", [("36.5", "BLEU")]),
])
def test_scores_named_by_a_metric_in_the_plural_or_moving_to_a_level(extractor, sentence, expected):
    claims, _ = extractor.extract(sentence, "Scores")
    assert [(c.text, c.metric) for c in claims if c.kind == "score"] == expected


def test_ci_levels_and_metric_settings_are_not_results(extractor):
    claims, _ = extractor.extract("Accuracy rose from 29.1% to 84.5% (95% CI: [54.1, 56.7]). We reach 0.3726 mAP@0.5 "
                                  "and 0.3431 mAP@0.95.", "Levels")
    assert "95%" not in [c.text for c in claims] and "0.5" not in [c.text for c in claims]
    assert {"0.3726", "0.3431"} <= {c.text for c in claims}


def test_the_number_after_versus_is_the_baselines_own(extractor):
    claims, _ = extractor.extract("The agent achieves substantially higher accuracy than the naive baseline 91.4% vs. "
                                  "28.6% and enhances usability.", "Agents")
    got = {c.text: (c.subject, c.baseline) for c in claims}
    assert got["91.4%"][1] == "naive baseline"
    assert got["28.6%"] == ("naive baseline", None)


def test_scores_in_an_abstract_with_one_benchmark_are_on_it(extractor):
    claims, _ = extractor.extract("We evaluate on the SEED-DV dataset. Our model reaches 61.2% accuracy and improves "
                                  "SSIM by 9.4%.", "Video")
    got = {c.text: (c.kind, c.benchmark, c.confidence) for c in claims}
    assert got["61.2%"][:2] == ("score", "SEED-DV") and got["61.2%"][2] < 0.7  # a guess, marked as one
    assert got["9.4%"][1] is None  # differences are not carried


@pytest.mark.parametrize("text, expected", [
    ("The second highest performance of 77.28% is obtained on SUN 397.", ["SUN 397"]),
    ("It is quantitatively evaluated on extended ManipalUAVid dataset.", ["ManipalUAVid"]),
    ("Results on Probe 1 and on Table 2 differ.", []),
])
def test_benchmark_names_with_a_version_or_a_name_shape(extractor, text, expected):
    _, mentions = extractor.extract(text)
    assert [m.text for m in mentions if m.label == "BENCHMARK"] == expected


@pytest.mark.parametrize("abstract, system", [
    ("We enable direction-aware models with two designs. The first is PoseRecover, a fully automatic pose recovery "
     "pipeline. Results improve by 11.7%.", "PoseRecover"),
    ("We address this gap by creating PureTC-1B, a three-stage stabilization pipeline. It cuts errors by 51.3%.",
     "PureTC-1B"),
])
def test_how_an_abstract_names_its_own_system(extractor, abstract, system):
    doc = extractor.nlp(extractor.doc(abstract, "A title without a name"))
    assert doc._.system == system


@pytest.mark.parametrize("title, abstract, system", [
    # lowercase words the title opens with, introduced whole in the abstract
    ("Test-time Sparsity for Extreme Fast Action Diffusion", "Action diffusion is slow. We propose test-time sparsity "
     "to tackle this challenge. It reduces FLOPs by 92%.", "test-time sparsity"),
    # not a part of a longer phrase, not a description, not one word, not a kind of work
    ("Black-box Adversarial Patches for Detectors", "We propose black-box adversarial patch attacks that reach 76% "
     "success.", None),
    ("Sparse Attention Framework for Video", "We propose sparse attention framework, which cuts cost by 35%.", None),
    ("Zero-Shot Labeling with VLMs", "We present zero-shot labeling, reaching 64.0% F1.", "zero-shot labeling"),
    ("Zero-Shot Product Labeling", "We present zero-shot, reaching 64.0% F1.", None),
    ("A Study of Graph Networks", "We present a study of graph networks, reaching 64.0% F1.", None),
])
def test_a_method_the_title_names_in_lowercase_is_the_papers_system(extractor, title, abstract, system):
    assert extractor.nlp(extractor.doc(abstract, title))._.system == system


def test_the_printed_number_is_stored_with_the_claim(extractor):
    claims, _ = extractor.extract("Beta-13B reaches 52.0% on GSM8K, and top-1 accuracies of 76.5-80.90% on ImageNet.",
                                  "Beta")
    got = {c.text: (c.printed, c.printed_high) for c in claims}
    assert got["52.0%"] == ("52.0", None)
    assert got["76.5-80.90%"] == ("76.5", "80.90")


@pytest.mark.parametrize("sentence, number, metric, baseline", [
    # a share of items counted: the items are what is measured, and nothing is compared against
    ("The strongest model identifies only 58.7% of tools in a scene.", 58.7, "tools in a scene", None),
    ("The metrics conflict on 20.2% of evaluation instances.", 20.2, "evaluation instances", None),
    # a part of something measured stays a relative score against it
    ("It trains with only 40% of the original training budget.", 40.0, "relative budget", "original training budget"),
    ("Efficient models achieve over 90% of flagship performance at lower cost.", 90.0, "relative performance",
     "flagship performance"),
])
def test_a_share_of_items_is_not_a_relative_score(extractor, sentence, number, metric, baseline):
    claim = next(c for c in extractor.extract(sentence)[0] if c.value == number)
    assert (claim.metric, claim.baseline) == (metric, baseline)


@pytest.mark.parametrize("sentence, number, metric", [
    # a bare score and the metric after it, a qualifier ("box", "mask", "val", "macro") kept with it
    ("It reaches 60.0 box mAP and 52.2 mask mAP on COCO test-dev.", 52.2, "mask map"),
    ("It reaches 57.6 val mIoU on ADE20K semantic segmentation.", 57.6, "val miou"),
    ("ViT surpasses CNN baselines with 0.743 macro F1 score.", 0.743, "macro f1 score"),
    ("Our method achieves 23.4 PQ on the ADE20K dataset.", 23.4, "pq"),
    ("The model sets the state of the art with 1.13 bits per character on text8.", 1.13, "bits per character"),
    ("It improves over the best results (44.8 MPJPE).", 44.8, "mpjpe"),
])
def test_scores_without_a_unit_take_the_metric_printed_with_them(extractor, sentence, number, metric):
    claim = next(c for c in extractor.extract(sentence)[0] if c.value == number)
    assert (claim.kind, claim.unit, claim.metric) == ("score", "", metric)


def test_a_number_of_bits_is_a_setting_unless_it_is_per_character(extractor):
    assert extractor.extract("We quantize to 4 bits and keep 8 bits per weight.")[0] == []


def test_results_ranging_from_one_number_to_another_are_a_range_not_a_change(extractor):
    ranged = extractor.extract("Our models achieve top-1 accuracies ranging from 76.5% to 80.9%.")[0][0]
    changed = extractor.extract("It improves accuracy from 29.1% to 84.5% on LFW.")[0][0]
    assert (ranged.value, ranged.value_high, ranged.baseline_value) == (76.5, 80.9, None)
    assert (changed.value, changed.value_high, changed.baseline_value) == (84.5, None, 29.1)


@pytest.mark.parametrize("sentence, scores", [
    # a change between bare decimals is a result where a verb of improvement governs it
    ("It improves receipt understanding (from 94.02 to 95.24) and document image classification "
     "(from 93.07 to 94.42).", [95.24, 94.42]),
    ("Our method outperforms the previous method in macro F1 (from 10.3 to 11.8, P<0.001).", [11.8]),
    ("We raise the learning rate from 0.001 to 0.01 during warm-up.", []),
])
def test_a_change_between_bare_numbers_is_a_result_when_something_improved(extractor, sentence, scores):
    assert [c.value for c in extractor.extract(sentence)[0] if c.kind == "score"] == scores


def test_a_factor_before_a_device_counts_hardware_not_a_result(extractor):
    claims, _ = extractor.extract("It runs 2x faster on GPUs, trained on 8x A100 GPUs and served on $8\\times$ H800 GPUs.")
    assert [(c.kind, c.value) for c in claims] == [("ratio", 2.0)]


def test_a_name_ending_a_sentence_keeps_no_period(extractor):
    """A digit and capitals before the final period ("GSM8K.") end a name, not an abbreviation."""
    claims, mentions = extractor.extract("SPG improves the accuracy over RL methods by 3.6% in GSM8K.")
    assert [m.text for m in mentions if m.label == "BENCHMARK"] == ["GSM8K"]
    assert claims[0].benchmark == "GSM8K"


@pytest.mark.parametrize("sentence, values", [
    # a metric read at an operating point: the point is a setting, what follows "of" the score
    ("The submission achieved temporal mAP@0.5 of 0.3530 and mAP@0.95 of 0.3235.", [0.353, 0.3235]),
    ("It outperforms existing attacks in terms of AUROC, TPR @ 1% FPR, and FPR @ 99% TPR.", []),
])
def test_an_operating_point_is_a_setting_and_the_score_read_at_it_is_a_result(extractor, sentence, values):
    assert [c.value for c in extractor.extract(sentence)[0]] == values


def test_a_bound_after_a_number_qualifies_a_result_and_bounds_a_class_of_sizes(extractor):
    claims, _ = extractor.extract("Models improve by 3% or more, with F1 scores of 0.8 or higher and 0.4 or lower.")
    assert [(c.text, c.qualifier) for c in claims] == [("3% or more", ">="), ("0.8 or higher", ">="),
                                                       ("0.4 or lower", "<=")]
    # "those with 1 billion parameters or fewer" defines small models: no claim, no model named "- those"
    claims, mentions = extractor.extract("For small language models (SLMs) - those with 1 billion parameters or "
                                         "fewer - our analysis holds.")
    assert claims == [] and [m for m in mentions if m.label == "MODEL"] == []


def test_a_metric_named_before_a_number_is_what_was_measured_not_who(extractor):
    claims, _ = extractor.extract("The proposed model obtained F1 scores of 0.982 and 0.869 in the experiments.")
    assert [(c.subject, c.metric) for c in claims] == [(None, "f1"), (None, "f1")]
    claims, _ = extractor.extract("With ResNet50 attaining 98.61% accuracy, CNN 97.91%, and ViT 93.75%.")
    assert [(c.subject, c.metric) for c in claims] == [("ResNet50", "accuracy"), ("CNN", "accuracy"),
                                                       ("ViT", "accuracy")]


def test_sizes_in_dataset_names_and_in_experiments_name_no_model(extractor):
    _, mentions = extractor.extract("We build RSWBench-1.1M, a 1.1 million sample dataset, and UAVIT-1M, a large "
                                    "instruction dataset. Through experiments with 1B and 8B parameter models, we "
                                    "fine-tune Qwen3-4B.")
    assert [(m.text, m.canonical) for m in mentions if m.label == "MODEL"] == [
        ("1B", "models"), ("8B", "models"), ("Qwen3-4B", "Qwen3-4B")]


@pytest.mark.parametrize("sentence, number, baseline", [
    # a baseline is never a number, and stops where another result begins
    ("PureTC-1B reduces incorrect-language tokens by 77.2% relative to Llama-3B and 57.2% relative to Qwen-1.5B.",
     "77.2%", "Llama-3B"),
    ("ExpGraph improves over the strongest baseline by 12.2% and 4.7% on static tasks.", "4.7%",
     "the strongest baseline"),
    # a kind, then the name it has: the name
    ("We surpass state-of-the-art method EDVR-M with a speed-up of over 3x.", "over 3x", "EDVR-M"),
    # a list of names ends where a clause begins, and a cue before that clause is not its number's
    ("Gains hold across backbones such as LL3DA, Chat-Scene, and 3D-LLAVA, improving ScanRefer mIoU by 30.0%.",
     "30.0%", None),
    ("It outperforms strong baselines, including GPT-4o, by 3.2% on MATH.", "3.2%", "GPT-4o"),
])
def test_the_baseline_is_a_noun_phrase_that_names_what_is_compared(extractor, sentence, number, baseline):
    claims, _ = extractor.extract(sentence)
    assert {c.text: c.baseline for c in claims}[number] == baseline


@pytest.mark.parametrize("sentence, metrics", [
    # metrics listed before numbers said to be "respectively" theirs pair with them in order
    ("Recall and F1-scores improved by as much as 67% and 35% over baseline, respectively.", ["recall", "f1-scores"]),
    ("Accuracy and recall reach 91.2% and 88.4%, respectively.", ["accuracy", "recall"]),
    ("It improves accuracy by 3% and 4% on A and B, respectively.", ["accuracy", "accuracy"]),
    ("DICE improves the format accuracy and content correctness of outputs by 35.4% and 29.4%, respectively.",
     ["format accuracy", "content correctness of outputs"]),
    # a verb's objects joined by "and", each with its own "by N": each number is its own object's
    ("Our method reduces the number of LLM queries by 77.7% and test-time latency by 97.1%.",
     ["number of llm query", "test-time latency"]),
    ("PF3Det improves NDS by 1.19% and mAP by 2.42% on the nuScenes dataset.", ["nds", "map"]),
    # one object, two numbers
    ("It speeds up decoding by up to 2.18x and 1.50x for MHA and GQA models.", ["decoding speed", "decoding speed"]),
    # names after "and" are the object's systems, not a new object
    ("ReBot improved the in-domain performance of Octo by 7.2% and OpenVLA by 21.8%.",
     ["in-domain performance", "in-domain performance"]),
    # the threshold a metric is read at is part of its name, before or after the number
    ("The submission achieved hidden-test mAP@0.5 of 0.3530 and mAP@0.95 of 0.3235.", ["mAP@0.5", "mAP@0.95"]),
    ("It improved performance to 0.3726 mAP@0.5 and 0.3431 mAP@0.95 on the test set.", ["map@0.5", "map@0.95"]),
    ("Results show a 12.8% increase in F1@50 for unseen events.", ["f1@50"]),
])
def test_each_number_gets_the_metric_its_sentence_gives_it(extractor, sentence, metrics):
    assert [c.metric for c in extractor.extract(sentence)[0]] == metrics


def test_a_verb_of_change_in_another_clause_names_no_metric_and_math_delimiters_are_dropped(extractor):
    claims, _ = extractor.extract("HHEM reduces evaluation time from 8 hours to 10 minutes, while HHEM with checking "
                                  "achieves the highest accuracy \\(82.2\\%\\) and TPR \\(78.9\\%\\).")
    assert [(c.value, c.metric) for c in claims if c.kind == "score"] == [(82.2, "accuracy"), (78.9, "tpr")]


@pytest.mark.parametrize("sentence, benchmarks", [
    # a number stated for benchmarks joined by "and" is on all of them, as printed
    ("Experiments on VOC and COCO object detection datasets show that SPE outperforms the state-of-the-art methods "
     "by 7.0% mAP and 8.1% AP50.", ["VOC and COCO", "VOC and COCO"]),
    ("It drops to 0.45 on MuSiQue and StrategyQA.", ["MuSiQue and StrategyQA"]),
    # numbers that pair with the names one by one keep one name each
    ("We obtain 41.2%, 37.5% and 52.0% on MMLU, GSM8K and MATH.", ["MMLU", "GSM8K", "MATH"]),
    ("We reach 45.1% on MMLU and 30.2% on GSM8K.", ["MMLU", "GSM8K"]),
    # names listed before numbers said to be "respectively" theirs pair with them too
    ("On MMLU and GSM8K, we reach 70.1% and 80.2%, respectively.", ["MMLU", "GSM8K"]),
    ("On the BraTS (MRI), VinDr-CXR (chest X-ray), and SIIM-COVID-19 (chest X-ray) datasets, we achieve accuracies "
     "of 92%, 76%, and 62%, respectively.", ["BraTS", "VinDr-CXR", "SIIM-COVID-19"]),
    # each name with a short lowercase bracket and its kind, "the" before the last
    ("It is evaluated on three datasets: Mendeley Liquid Based Cytology (4-class) dataset, Herlev Pap Smear (7-class) "
     "dataset, and the SIPaKMeD Pap Smear (5-class) dataset achieving accuracies of 99.47%, 98.32% and 97.87% "
     "respectively.", ["Liquid Based Cytology", "Herlev Pap Smear", "SIPaKMeD Pap Smear"]),
    # numbers listed after a sentence that lists as many names
    ("MCN outperforms prior approaches on UCF101 and HMDB51 datasets. To be more specific, with an R(2+1)D backbone, "
     "MCN achieves Top-1 accuracies of 84.8% and 54.5% for video action recognition.", ["UCF101", "HMDB51"]),
])
def test_a_number_stated_for_coordinated_benchmarks_is_on_all_of_them(extractor, sentence, benchmarks):
    assert [c.benchmark for c in extractor.extract(sentence)[0]] == benchmarks


@pytest.mark.parametrize("sentence, kinds", [
    # the level a change arrives at, or a measure named with "of", is a score; the change itself a delta
    ("While our model achieves an 89.0% F1-score, zero-shot generalization drops to 35.9%.", ["score", "score"]),
    ("MDF-MLLM achieved a significantly higher accuracy of 94%, representing a 56% improvement.", ["score", "delta"]),
    ("It yields an improvement of 5% over the baseline.", ["delta"]),
    ("It achieves an average reduction in misinformation toxicity of approximately 28.17%.", ["delta"]),
    # two levels compared with "vs." after a comparative are both levels
    ("The agent achieves higher accuracy than the naive baseline 91.4% vs. 28.6% overall.", ["score", "score"]),
    # "while" starts a new statement: a level after a reduction is no continued difference
    ("DTD achieves an 82.8% reduction in video tokens while maintaining 98% performance.", ["delta", "score"]),
])
def test_levels_and_changes_are_told_apart(extractor, sentence, kinds):
    assert [c.kind for c in extractor.extract(sentence)[0]] == kinds


def test_a_rate_in_hertz_is_a_result_and_a_clock_rate_a_quantity(extractor):
    claims, _ = extractor.extract("It achieves lossless performance with an inference frequency of 47.5 Hz on a "
                                  "chip that runs at 800 MHz.")
    assert [(c.value, c.unit, c.kind) for c in claims] == [(47.5, "Hz", "score"), (800.0, "MHz", "quantity")]


def test_a_correlation_reached_with_a_verb_is_a_score_and_a_fraction_counts_nothing(extractor):
    claims, _ = extractor.extract("Prediction correlations exceeded 0.99 across all model pairs, while LIME "
                                  "explanation correlations remained below 0.26.")
    assert [(c.value, c.kind, c.metric, c.qualifier) for c in claims] == [
        (0.99, "score", "correlation", ">"), (0.26, "score", "correlation", "<")]


@pytest.mark.parametrize("sentence, claims", [
    # a coefficient written as its letter, LaTeX or not, a sign of comparison its qualifier; a list after it shares it
    ("The metric correlates with human ratings ($r = 0.93, 0.87$) on HotpotQA and DROP, but drops to $r \\approx 0.45$ "
     "on MuSiQue.", [(0.93, "=", "correlation"), (0.87, "=", "correlation"), (0.45, "~", "correlation")]),
    ("It agrees with experts (Spearman $\\rho$ = 0.816, p<0.001).", [(0.816, "=", "correlation")]),
    ("It correlates strongly with established benchmarks ($r$ > 0.75).", [(0.75, ">", "correlation")]),
    # a letter in a sentence about no correlation is a setting; a coefficient is between -1 and 1
    ("We set the radius r = 0.5 and the temperature $\\tau = 0.7$.", []),
    ("The ranks correlate once the window r = 12.5 is used.", []),
])
def test_a_statistic_written_as_its_letter_is_a_score_on_its_metric(extractor, sentence, claims):
    found = extractor.extract(sentence)[0]
    assert [(c.value, c.qualifier, c.metric) for c in found if c.kind == "score"] == claims


@pytest.mark.parametrize("sentence, metrics", [
    # an acronym in the plural is the metric; an acronym whose s is its own ("FLOPs": operations) keeps it
    ("Training on all labeled data of Librispeech achieves WERs of 1.5%/3.1%.", ["wer", "wer"]),
    ("The method improves AUCs by 3% on both datasets.", ["auc"]),
    ("The method reduces FLOPs by 30% and GFLOPs by 12%.", ["flops", "gflops"]),
])
def test_a_metric_acronym_in_the_plural_is_the_metric(extractor, sentence, metrics):
    assert [c.metric for c in extractor.extract(sentence)[0]] == metrics


@pytest.mark.parametrize("sentence", [
    "With an R(2+1)D backbone, MCN reaches the best results.",
    "We extend the classifier to an (n+1)-class model and a (2+1)-DEGA search.",
])
def test_a_plus_inside_a_term_signs_no_gain(extractor, sentence):
    assert extractor.extract(sentence)[0] == []


def test_numbers_listed_after_a_comparison_take_no_names_from_the_sentence_before(extractor):
    claims, _ = extractor.extract("We evaluate on the MMLU and GSM8K benchmarks. The agent achieves higher "
                                  "accuracy than the naive baseline 91.4% vs. 28.6%.")
    assert [(c.value, c.benchmark) for c in claims] == [(91.4, None), (28.6, None)]


@pytest.mark.parametrize("sentence, claims", [
    # the level a result rose from is no claim of its own; a percentage joined to a word describes it
    ("Our best model achieves a top-1 exact match of 69.3%, up from 58.8%.", [(69.3, None)]),
    ("The best model's 50%-success horizon is short, and it is improved from 19.0% to 31.0%.", [(31.0, None)]),
    # "100s of hours" counts nothing in seconds; signed ends of a range are one range
    ("The datasets hold 100s of hours of data.", []),
    ("VPS outperforms Reflexion by +8.5 to +12.1 points.", [(8.5, 12.1)]),
])
def test_numbers_that_are_no_claim_of_their_own(extractor, sentence, claims):
    assert [(c.value, c.value_high) for c in extractor.extract(sentence)[0]] == claims


def test_a_measure_a_metric_names_is_a_result_with_its_benchmark(extractor):
    claims, _ = extractor.extract("Our model achieves state-of-the-art accuracy of 3.92\\degree and 10.41\\degree on "
                                  "MPIIGaze and Gaze360 datasets, respectively. We train on 16 GB GPUs.")
    assert [(c.value, c.kind, c.benchmark) for c in claims] == [
        (3.92, "score", "MPIIGaze"), (10.41, "score", "Gaze360"), (16.0, "quantity", None)]


def test_names_raised_to_scores_are_benchmarks_that_own_them(extractor):
    claims, mentions = extractor.extract("This includes improving BC4CHEMD to 93.72% (4.1% gain), Species800 to "
                                         "80.91% (4.6% gain), and JNLPBA to 81.29% (5.2% gain).")
    assert [m.text for m in mentions if m.label == "BENCHMARK"] == ["BC4CHEMD", "Species800", "JNLPBA"]
    assert [(c.value, c.kind, c.benchmark) for c in claims if c.kind == "score"] == [
        (93.72, "score", "BC4CHEMD"), (80.91, "score", "Species800"), (81.29, "score", "JNLPBA")]


def test_a_measure_that_changes_names_no_system(extractor):
    claim = extractor.extract("With our paradigm, the average response length decreases by up to 71% on simple tasks.")[0][0]
    assert (claim.subject, claim.metric) == (None, "average response length")


def test_numbers_listed_in_one_statement_share_its_system(extractor):
    claims, _ = extractor.extract("DICE improves the format accuracy and content correctness of outputs by 35.4% and "
                                  "29.4%, respectively.")
    assert [c.subject for c in claims] == ["DICE", "DICE"]


@pytest.mark.parametrize("sentence, subjects", [
    # names listed before the verb, said to be "respectively" the numbers', are their systems
    ("GPT-4o and Claude-3.5 achieve 61.0% and 58.2% on MATH, respectively.", ["GPT-4o", "Claude-3.5"]),
    ("Our GRPO-7B and PPO-7B models reach 45.3% and 41.0%, respectively.", ["GRPO-7B", "PPO-7B"]),
    # names after a preposition are where, not who
    ("We evaluate on MMLU and GSM8K and reach 70.1% and 80.2%, respectively.", [None, None]),
])
def test_systems_listed_before_respective_numbers_pair_with_them(extractor, sentence, subjects):
    assert [c.subject for c in extractor.extract(sentence)[0]] == subjects


def test_the_words_of_the_next_number_in_a_pair_are_not_the_first_numbers(extractor):
    claims, _ = extractor.extract("AmoebaNet-A sets a new state-of-the-art 83.9% top-1 / 96.6% top-5 ImageNet accuracy.")
    assert claims[0].metric == "top-1"


def test_the_thresholds_a_metric_is_averaged_over_are_no_claim(extractor):
    claims, _ = extractor.extract("Our model achieves an improvement of 88.5% in mAP@0.5 and 103% in mAP@0.5:0.95.")
    assert [c.value for c in claims] == [88.5, 103.0]


@pytest.mark.parametrize("sentence, value, metric", [
    # a metric named with its short form in brackets: the short form names it, and a bare number after it is its score
    ("XGBoost achieved the best prediction (mean absolute percentage error (MAPE) = 4.37%).", 4.37, "mape"),
    ("We achieve an intersection over union (IoU) of 81.8% and a Chamfer Distance (CD) of 0.00034.", 81.8, "iou"),
    ("Our approach achieves an area under the curve (AUC) of 0.85 on the test set.", 0.85, "AUC"),
    ("It reaches a peak signal-to-noise ratio (PSNR) of 26.978 on the test set.", 26.978, "PSNR"),
])
def test_a_metric_defined_with_its_short_form_names_the_number_after_it(extractor, sentence, value, metric):
    claim = extractor.extract(sentence)[0][0]
    assert (claim.value, claim.metric) == (value, metric)


@pytest.mark.parametrize("sentence, kind", [
    # a fraction counts no noun further on; it counts one right after it
    ("It reaches a peak signal-to-noise ratio (PSNR) of 26.978 on the test images.", "score"),
    ("We train for 2.5 GPU hours.", "quantity"),
])
def test_a_fraction_counts_only_the_noun_right_after_it(extractor, sentence, kind):
    assert extractor.extract(sentence)[0][0].kind == kind


@pytest.mark.parametrize("sentence, name", [
    # "the", a name, words that say what it holds, then one kind
    ("We use 730 cases from the public EMBED mammogram dataset, yielding 20000 lesion pairs.", "EMBED"),
    ("Models were trained on the IQ-OTH/NCCD lung cancer CT dataset.", "IQ-OTH/NCCD"),
    # a name said to be one ("NAME, a ... benchmark")
    ("We present G-IdiomAlign, a gloss-pivoted benchmark where each idiom is anchored.", "G-IdiomAlign"),
    ("We introduce SAHM, a document-grounded benchmark and instruction-tuning dataset.", "SAHM"),
    # a brace closed after the name is not part of it
    (r"We construct \textbf{ShotQA}, a large-scale multimodal dataset.", "ShotQA"),
])
def test_names_described_as_datasets_are_benchmarks(extractor, sentence, name):
    assert [m.text for m in extractor.extract(sentence)[1] if m.label == "BENCHMARK"] == [name]


@pytest.mark.parametrize("sentence", [
    "We create a SAR image dataset and fine-tune on it.",  # an acronym for a domain, with "a"
    "We propose FooNet, a framework for building datasets.",  # what it is for, not what it is
    "ImgEdit surpasses existing datasets in quality.",  # a verb between
    "Experiments on two AD detection datasets show gains.",
])
def test_words_before_a_kind_of_dataset_are_not_always_a_name(extractor, sentence):
    assert [m.text for m in extractor.extract(sentence)[1] if m.label == "BENCHMARK"] == []


def test_a_change_in_brackets_after_a_level_is_on_the_levels_benchmark(extractor):
    claims, _ = extractor.extract("This includes improving BC4CHEMD to 93.72% (4.1% gain), Species800 to 80.91% "
                                  "(4.6% gain), and JNLPBA to 81.29% (5.2% gain).")
    assert [(c.value, c.benchmark) for c in claims] == [
        (93.72, "BC4CHEMD"), (4.1, "BC4CHEMD"), (80.91, "Species800"), (4.6, "Species800"),
        (81.29, "JNLPBA"), (5.2, "JNLPBA")]
    # a name's own digits are no level: "on CIFAR-100 (91.7%)" is on CIFAR-100
    claim = extractor.extract("They achieve state-of-the-art accuracy on CIFAR-100 (91.7%), Flowers (98.8%), "
                              "and 3 other transfer learning datasets.")[0][0]
    assert (claim.value, claim.benchmark) == (91.7, "CIFAR-100")


@pytest.mark.parametrize("sentence, subject", [
    # a system named beside the kind of thing it is, then its verb
    ("Even the top-performing model, o1, only achieves a 62.8% CoT score.", "o1"),
    ("The resultant models, denoted as MobileLLM-LS, demonstrate a further accuracy enhancement of 0.7%.",
     "MobileLLM-LS"),
    ("Our experiments show that this approach, named English-Pivoted CoT Training, outperforms other baselines, "
     "with up to 28.33% improvement.", "English-Pivoted CoT Training"),
    # the agent of a passive result
    ("The best results were achieved by the YOLOv8-nano model, with an mAP50 of 88.94% on the validation set.",
     "YOLOv8-nano"),
    # a system named after a comparison is the baseline, not the subject
    ("LRSCLIP achieves improvements over the current best model, GeoRSCLIP, with increases of 0.17% in R@1.",
     "LRSCLIP"),
])
def test_a_system_named_beside_its_kind_or_as_an_agent_is_the_subject(extractor, sentence, subject):
    assert extractor.extract(sentence)[0][0].subject == subject


@pytest.mark.parametrize("sentence, subject", [
    # a plural noun, then a verb's bare form: the verb ("models reach"), whose subject the plural heads;
    # a word the sentence opens with, capitalized, is no name ("Fine-tuned")
    ("Fine-tuned small models reach 81.2% F1 on the test set.", "Fine-tuned small models"),
    # after a verb that reports a clause, the clause's subject ("results show X achieve")
    ("Results show MoE models achieve 37% higher per-layer efficiency.", "MoE models"),
    # who reports is not who reaches: experiments, benchmarks ("X benchmarks show that ...")
    ("Experiments on Argoverse 2 and nuScenes show that this boosts map perception by up to 5.9 mAP.", None),
    ("Tests on the Light and MT-Eval benchmarks show that models tuned on it achieve a 20% gain.", None),
    # a measure is no system, in the plural too
    ("English refusal rates hold at approximately 90 percent.", None),
])
def test_the_subject_is_the_phrase_before_its_own_verb(extractor, sentence, subject):
    assert extractor.extract(sentence)[0][0].subject == subject


def test_a_difference_the_other_way_lends_no_metric(extractor):
    # the abstract's one named difference measures something else when it goes the other way
    claims, _ = extractor.extract("Experiments show that USMoE achieves up to a 10% improvement over traditional "
                                  "approaches or reduces computational inference costs by 14% while maintaining "
                                  "strong performance.")
    assert [(c.value, c.metric) for c in claims] == [(10.0, "improvement"), (14.0, "computational inference costs")]


@pytest.mark.parametrize("sentence, metric", [
    # a word that qualifies a measure names none by itself
    ("Our framework improves POPE accuracy by an average of 2% absolute on LLaVA-1.5.", "accuracy"),
    ("Falcon surpasses existing methods by an average of 2.5% across six benchmarks.", None),
])
def test_average_or_absolute_alone_is_no_metric(extractor, sentence, metric):
    assert extractor.extract(sentence)[0][0].metric == metric


@pytest.mark.parametrize("sentence, metrics, benchmarks", [
    # a metric after "on" is what was measured, not where
    ("It achieves gains over the strongest prior baselines of up to 38% on category F1 and up to 3.5x on "
     "localization accuracy.", ["category f1", "localization accuracy"], []),
    ("PRO achieves a reduction of more than 10% on FPR@95 compared to state-of-the-art methods.", ["fpr@95"], []),
    ("It gains 3% on accuracy and 2% on F1.", ["accuracy", "f1"], []),
    # a name first is a benchmark the metric is read on
    ("It gains 3% on COCO AP.", ["ap"], ["COCO"]),
])
def test_a_metric_after_on_is_what_was_measured(extractor, sentence, metrics, benchmarks):
    claims, mentions = extractor.extract(sentence)
    assert [c.metric for c in claims] == metrics
    assert [m.text for m in mentions if m.label == "BENCHMARK"] == benchmarks


@pytest.mark.parametrize("sentence, metrics", [
    # the metric after a number is not the number's past another number or past "with"
    ("On ImageNet-1K, our best model outperforms ViT by 1.5% with 0.72 times trainable parameters.",
     [None, "trainable parameters"]),
    ("WideNet surpasses BERT by 0.8% with fewer parameters.", [None]),
    # nor past a list's separator: what follows is the next item's
    ("SV-UDIS achieves PSNR improvements of 9% and 17%, and SSIM improvements of 8% and 18%.",
     ["psnr", "psnr", "ssim", "ssim"]),
    ("Precision reached 98.10%, Recall reached 96.53% and F1 score reached 0.95 on the test set.",
     ["precision", "recall", "f1"]),
    # a metric that closes the bracket its numbers stand in names them all
    ("Our method achieves competitive results on MVTec AD (97.8% for detection and 97.7% for localization, AUROC).",
     ["auroc", "auroc"]),
])
def test_a_metric_after_a_number_is_its_only_next_to_it(extractor, sentence, metrics):
    assert [c.metric for c in extractor.extract(sentence)[0]] == metrics


@pytest.mark.parametrize("sentence, baseline", [
    # a name before its kind stays as printed with it (GUIDELINES: "the sliding window recomputation baseline")
    ("Our model outperforms the vanilla ST-GCN baseline by 5.32% F1-score.", "the vanilla ST-GCN baseline"),
    ("It reduces optimizer memory by up to 82.5%, compared to a BF16 baseline.", "a BF16 baseline"),
    # a kind, then the name it has: the name
    ("We surpass the state-of-the-art method EDVR-M by 0.5 dB.", "EDVR-M"),
])
def test_a_named_baseline_keeps_its_kind_as_printed(extractor, sentence, baseline):
    assert extractor.extract(sentence)[0][0].baseline == baseline


@pytest.mark.parametrize("sentence, models", [
    # a name and its sizes in brackets: one model a size
    ("GPT-3 (175B) and PaLM (540B) are large.", [("GPT-3", 175e9), ("PaLM", 540e9)]),
    ("Llama-2-Chat (7B, 13B, and 70B) show the same trend.",
     [("Llama-2-Chat", 7e9), ("Llama-2-Chat", 13e9), ("Llama-2-Chat", 70e9)]),
    ("DeepSeek-V3 (671B total, 37B activated) is large.", [("DeepSeek-V3", 671e9)]),
    # the word for a family between its name and the sizes is no part of the name; a range is two sizes
    ("We prompted Meta's Llama 3.1 series (8B, 70B, 405B) with questions.",
     [("Llama 3.1", 8e9), ("Llama 3.1", 70e9), ("Llama 3.1", 405e9)]),
    ("We fine-tune Qwen2.5-Coder models (0.5B-7B) on it.", [("Qwen2.5-Coder", 0.5e9), ("Qwen2.5-Coder", 7e9)]),
    # a word that describes, opening the sentence, names no family; the kind after it names the models
    ("Reports were read. Larger models (70B) outperformed smaller ones.", [("models", 70e9)]),
])
def test_sizes_in_brackets_after_a_name_are_its_models(extractor, sentence, models):
    assert [(m.canonical, m.params) for m in extractor.extract(sentence)[1] if m.label == "MODEL"] == models


@pytest.mark.parametrize("sentence, names", [
    # dimensions, modalities, platforms and kinds of method are never a benchmark as a whole
    ("We evaluate on both 2D and 3D anomaly detection benchmarks.", []),
    ("Our approach generalizes across both CT and MRI modalities.", []),
    ("We analyzed dance performances using videos available on YouTube.", []),
    # though a benchmark's name may begin with one
    ("We evaluate on 3D-FRONT and ScanNet.", ["3D-FRONT", "ScanNet"]),
    ("Experiments on the PhotoTourism and Tanks and Temples datasets demonstrate gains.",
     ["PhotoTourism", "Tanks and Temples"]),
])
def test_words_for_dimensions_or_modalities_are_not_benchmarks(extractor, sentence, names):
    assert [m.text for m in extractor.extract(sentence)[1] if m.label == "BENCHMARK"] == names


def test_well_known_benchmarks_are_found_without_a_telling_context(extractor):
    # names the shapes find only in a telling context ("the X dataset", "on X,") are in the vocabulary
    claims, mentions = extractor.extract("Our model improves SemanticKITTI mIoU and Video-MME accuracy, and "
                                         "Objaverse renders look better.")
    assert [m.text for m in mentions if m.label == "BENCHMARK"] == ["SemanticKITTI", "Video-MME", "Objaverse"]


@pytest.mark.parametrize("sentence, number, benchmark", [
    # a name past the number's own bracket, or in a new "on" phrase after a comma, is another statement's
    ("It improves results on RULER (4K/16K) across models (up to 25 points under eviction), markedly more stable "
     "Needle-in-a-Haystack retrieval.", "up to 25 points", "RULER"),
    ("On Split CIFAR-100, it improves average accuracy by over 1% against a strong baseline, and on the more "
     "challenging Split ImageNet-R, it achieves a state of the art accuracy of 69.41%.", "over 1%", "CIFAR-100"),
])
def test_a_name_of_another_statement_is_not_the_numbers_benchmark(extractor, sentence, number, benchmark):
    claims, _ = extractor.extract(sentence)
    assert {c.text: c.benchmark for c in claims}[number] == benchmark


@pytest.mark.parametrize("sentence, models", [
    # a version after a space belongs to the name
    ("We use Llama 3.1 (8B), Phi-3, and Mistral 7B.", [("Llama 3.1", 8e9), ("Mistral 7B", 7e9)]),
    ("Our best model Eagle 2.5-8B achieves 72.4% on Video-MME.", [("Eagle 2.5-8B", 8e9)]),
    # a size, then a name
    ("Through test-time scaling, a 1.5B GenPRM outperforms GPT-4o.", [("GenPRM", 1.5e9)]),
    # a model's tag: its name, a colon and its size
    ("Smaller models like gemma3:1B and llama3.1:8b score 0.7.", [("gemma3:1B", 1e9), ("llama3.1:8b", 8e9)]),
    # sizes listed with a comma before "and"
    ("The suite includes 2B, 9B, and 27B parameter models.", [("models", 2e9), ("models", 9e9), ("models", 27e9)]),
])
def test_model_names_written_with_versions_or_after_their_size(extractor, sentence, models):
    assert [(m.canonical, m.params) for m in extractor.extract(sentence)[1] if m.label == "MODEL"] == models


@pytest.mark.parametrize("sentence, models", [
    # a bracket right after a name, and kinds of model before a bracketed size
    ("It surpasses GPT4o, LLaMA2(90B), and SFT.", [("LLaMA2", 90e9)]),
    ("Performance holds in medium-sized models (32B) but degrades in smaller variants (8B).",
     [("models", 32e9), ("variants", 8e9)]),
    # the kinds multimodal models go by, and what a comparison says of them
    ("It beats baselines that use 7B or larger MLLMs.", [("MLLMs", 7e9)]),
    ("It ranks first among 4B scale LVLMs.", [("LVLMs", 4e9)]),
    # a model called by the part it plays (GUIDELINES: "our 0.5B parameter decoder" is a "decoder")
    ("We distill an 8B teacher into a 1B student.", [("teacher", 8e9), ("student", 1e9)]),
    ("Even a small detector (0.6B) achieves substantial gains.", [("detector", 0.6e9)]),
    ("It enables a 1.5B student LLM to rival larger models.", [("student LLM", 1.5e9)]),
    # a range after a kind is named by the whole phrase, through the size claim
    ("It improves the reasoning of small LLMs (1.5B to 3B), which otherwise struggle.",
     [("small LLMs", 1.5e9), ("small LLMs", 3e9)]),
])
def test_models_named_by_their_kind_and_size(extractor, sentence, models):
    assert [(m.canonical, m.params) for m in extractor.extract(sentence)[1] if m.label == "MODEL"] == models


def test_a_percentage_after_a_dash_is_a_claim(extractor):
    # "--" is a dash, which the plain view writes as a hyphen; no name ends in a percentage
    claims, _ = extractor.extract("The intersection over union (IoU) scores--84.2% for Wood and 72.0% for "
                                  "Settlement--indicate well-aligned labels.")
    assert [c.value for c in claims] == [84.2, 72.0]


@pytest.mark.parametrize("sentence, read", [
    # a signed percentage in brackets after a level is its gain, on the level's benchmark and metric
    ("Our framework improves the relation F1 to 52.44% (+3.2%) on SciERC, 66.49% (+4.9%) on ACE05.",
     [(52.44, "score", "relation f1"), (3.2, "delta", "relation f1"), (66.49, "score", "relation f1"),
      (4.9, "delta", "relation f1")]),
    # a change in brackets after a from-to measures what the level measures
    ("Our approach increases overall recognition accuracy from 29.1% to 84.5% (55.4 percentage point improvement).",
     [(84.5, "score", "recognition accuracy"), (55.4, "delta", "recognition accuracy")]),
    # a spread around a result is no result
    (r"It achieves an average speedup of 15\% ($\pm$5\%) with GammaTune.", [(15.0, "score", "average speedup")]),
])
def test_what_a_bracket_after_a_level_says(extractor, sentence, read):
    assert [(c.value, c.kind, c.metric) for c in extractor.extract(sentence)[0]] == read


@pytest.mark.parametrize("sentence, values", [
    # a capitalized word may name a metric's variant after the number
    ("An ensemble of our parsers leads to 68.4 Smatch F1 score, which outperforms the parser.", [68.4]),
    # a change between bare decimals under a claim of the state of the art is a result
    ("LayoutLM achieves new state-of-the-art results in downstream tasks, including form understanding "
     "(from 70.72 to 79.27) and receipt understanding (from 94.02 to 95.24).", [79.27, 95.24]),
    # "and" before a metric is no variant's name
    ("The submission achieved hidden-test mAP@0.5 of 0.3530 and mAP@0.95 of 0.3235.", [0.353, 0.3235]),
])
def test_bare_scores_named_by_a_variant_or_a_state_of_the_art_claim(extractor, sentence, values):
    assert [c.value for c in extractor.extract(sentence)[0]] == values


@pytest.mark.parametrize("sentence, metrics", [
    # what ranges over the numbers is their metric, and not their system
    ("Our models achieve test accuracies ranging from 80% to over 99%.", ["test accuracy", "test accuracy"]),
    # a measure said to be reduced or to improve by itself
    ("The mean position error is reduced by 41.0% when applying a 90% threshold.", ["mean position error"]),
    ("The IB-score indicator increases by up to 6.39%.", ["ib-score indicator"]),
])
def test_a_measure_that_ranges_or_changes_by_itself_is_the_metric(extractor, sentence, metrics):
    claims, _ = extractor.extract(sentence)
    assert [c.metric for c in claims if c.kind != "quantity"][:len(metrics)] == metrics
    assert all(c.subject is None for c in claims)


def test_map_written_with_its_threshold_glued_on(extractor):
    claims, _ = extractor.extract("YOLO-LLTS outperforms the previous best methods by 2.7% mAP50 and 1.6% mAP50:95 "
                                  "on TT100K-night.")
    assert [(c.value, c.metric) for c in claims] == [(2.7, "map50"), (1.6, "map50:95")]  # and no claim of 95


def test_metrics_listed_after_respective_numbers_pair_with_them(extractor):
    claims, _ = extractor.extract("It improves by 2.1% and 3.4% in terms of PSNR and SSIM, respectively.")
    assert [(c.value, c.metric) for c in claims] == [(2.1, "psnr"), (3.4, "ssim")]


@pytest.mark.parametrize("sentence, read", [
    # well-known metrics of translation, tracking and generation score bare numbers
    ("It obtains BLEU-4 = 20.68 and COMET = 0.624 on PHOENIX-14T.", [(20.68, "bleu-4"), (0.624, "comet")]),
    ("SAM2MOT outperforms existing methods on DanceTrack by +2.1 HOTA and +4.5 IDF1.", [(2.1, "hota"), (4.5, "idf1")]),
    # a comma before one or two digits and a percent sign is a decimal comma
    ("The approach achieves a BLEU-4 of 72,64% in split 1.", [(72.64, "bleu-4")]),
])
def test_well_known_metrics_and_decimal_commas(extractor, sentence, read):
    assert [(c.value, c.metric) for c in extractor.extract(sentence)[0]] == read


def test_an_adverb_before_a_verb_is_no_system(extractor):
    claims, _ = extractor.extract("Our finetune demonstrated state-of-the-art performance on PHOENIX-14T, far "
                                  "outperforming existing models in all metrics (BLEU-4 = 20.68).")
    assert claims[0].subject != "far"


@pytest.mark.parametrize("sentence, subject", [
    # a describing word before a name is not the system's name
    ("The proposed XMANet achieves 95.2% accuracy.", "XMANet"),
    ("The framework MRCD achieves 88% F1.", "MRCD"),
    # a modal after the system is not part of it
    ("Coreset-driven pruning can remove 35% of the tokens.", "Coreset-driven pruning"),
    # a measure "of" a system names that system; "of" something else names none
    ("The accuracy of QwQ-32B improved from 80.3% to 82.1% on AIME.", "QwQ-32B"),
    ("The F1 score of the six issues reached 90.74%.", None),
    # verbs of doing well name their subject as the others do
    ("We show that PatchRank excels at sparse recognition, reducing FLOPs by up to 34x.", "PatchRank"),
    ("Results show that DenoiseFlow achieves state-of-the-art quality, attaining the highest PSNR (33.89 dB).",
     "DenoiseFlow"),
])
def test_a_subject_is_the_system_a_phrase_names(extractor, sentence, subject):
    claims = [c for c in extractor.extract(sentence)[0] if c.kind != "quantity"]
    assert claims[-1].subject == subject


@pytest.mark.parametrize("sentence, ranks", [
    # a place won in a ranking is a result
    ("In the FigLang2022 Shared Task evaluation, DREAM-FLUTE achieved (joint) first place (Acc@60=63.3%).", [1.0]),
    ("It still ranks second on the test set, outperformed only by the baseline.", [2.0]),
    ("The refinement improved performance, ranking Team ACVLab second in the post-competition evaluation.", [2.0]),
    # an idiom and a superlative are not
    ("Current solutions lack understanding of why these artifacts occur in the first place.", []),
    ("Gastric cancer ranks as the fifth most common cancer.", []),
])
def test_places_won_in_a_ranking_are_scores(extractor, sentence, ranks):
    assert [c.value for c in extractor.extract(sentence)[0] if c.metric == "rank"] == ranks


@pytest.mark.parametrize("sentence, names", [
    # a contest named in capitals is what was evaluated on
    ("Our method achieved second place in the NTIRE 2025 Quality Assessment of AI-Generated Content Challenge.",
     ["NTIRE 2025 Quality Assessment of AI-Generated Content Challenge"]),
    ("In the FigLang2022 Shared Task evaluation, DREAM-FLUTE achieved first place.", ["FigLang2022 Shared Task"]),
    # a challenge in the ordinary sense is not
    ("The Challenge of Generalization is hard.", []),
])
def test_named_contests_are_benchmarks(extractor, sentence, names):
    assert [m.text for m in extractor.extract(sentence)[1] if m.label == "BENCHMARK"] == names


@pytest.mark.parametrize("sentence", [
    # a difference named by its measure after "by" is a difference, not a level
    "Our method outperforms all existing methods, on average by a Dice Similarity Coefficient of 3.75%.",
    "VideoAgent2 outperforms the previous state-of-the-art method, VideoAgent, by an average of 13.1%.",
])
def test_by_a_measure_of_n_is_a_difference(extractor, sentence):
    assert extractor.extract(sentence)[0][0].kind == "delta"


@pytest.mark.parametrize("sentence, benchmarks", [
    # numbers listed after one a benchmark owns ("X with N") are on it too
    ("Our model sets a new state of the art on COCO val with 58.0% PQ, Cityscapes val with 68.4% PQ, 44.0% AP, "
     "and 83.5% mIoU, and ADE20K val with 50.9% PQ.", ["COCO", "Cityscapes", "Cityscapes", "Cityscapes", "ADE20K"]),
    # unless the number says where it was reached
    ("Results on KITTI with gains of 3.1% and 4.2% on Cityscapes confirm the transfer.", ["KITTI", "Cityscapes"]),
    # a benchmark right before "by N" is where that difference was measured
    ("It improves results on CP-Bench by over 50% and POPE by 1.8%.", ["CP-Bench", "POPE"]),
])
def test_numbers_listed_after_an_owned_number_share_its_benchmark(extractor, sentence, benchmarks):
    assert [c.benchmark for c in extractor.extract(sentence)[0] if c.kind != "quantity"] == benchmarks


def test_from_to_changes_listed_after_a_result_are_results(extractor):
    """Each item of a list of changes names its own task; the cue before the first is theirs too."""
    sentence = ("It sets a new state of the art on several tasks, including entity tagging (from 70.72 to 79.27), "
                "receipt parsing (from 94.02 to 95.24) and page classification (from 93.07 to 94.42).")
    assert [c.value for c in extractor.extract(sentence)[0] if c.kind == "score"] == [79.27, 95.24, 94.42]


def test_a_span_in_math_mode_formatting_ends_with_its_name(extractor):
    """"$\\texttt{CV-Bench}$.": the closing dollar, then the closing brace, are not the name's."""
    text = r"We reach $45.1\%$ on $\texttt{CV-Bench}$ and $\textbf{VLADBench}$."
    claims, mentions = extractor.extract(text)
    assert [text[m.start:m.end] for m in mentions if m.label == "BENCHMARK"] == ["CV-Bench", "VLADBench"]
    assert [c.text for c in claims] == [r"$45.1\%$"]


def test_a_superscript_or_subscript_joins_the_name_it_is_written_in(extractor):
    text = (r"Our model achieves the mIoU score of 48.1\% on PASCAL-5\textsuperscript{i} and 51.4\% "
            r"mAP\textsubscript{50} on VisDrone.")
    claims, mentions = extractor.extract(text)
    assert [(c.value, c.metric, c.benchmark) for c in claims] == [(48.1, "miou score", "PASCAL-5i"),
                                                                 (51.4, "map50", "VisDrone")]


@pytest.mark.parametrize("sentence, metrics", [
    # a verb of change whose object is what it is compared with: what changed follows "in"
    ("Our model improves upon CLIP in zero-shot retrieval accuracy by 8.1% and SigLIP in caption recall by 4.2%.",
     ["zero-shot retrieval accuracy", "caption recall"]),
    ("Our approach improves over prior methods in layout quality scores by 12%.", ["layout quality scores"]),
    # a metric before "in" is what changed itself
    ("It boosts F1-score in selecting the optimal protocol by 13%.", ["f1-score"]),
])
def test_what_changed_follows_in_after_what_it_is_compared_with(extractor, sentence, metrics):
    assert [c.metric for c in extractor.extract(sentence)[0] if c.kind == "delta"] == metrics


def test_a_speed_in_kilometres_an_hour_is_a_speed(extractor):
    # a bare unit implies its dimension only: kilometres a distance, whatever the distance is of
    claims = extractor.extract("The tracker estimates vehicle speed at 0.75 km/h error; the link spans 12 km.")[0]
    assert [(c.value, c.unit, c.metric) for c in claims] == [(0.75, "km/h", "speed"), (12.0, "km", "distance")]


def test_a_level_does_not_take_a_change_word_as_its_metric(extractor):
    sentence = "Our tagger improves BC4CHEMD to 93.7% (4.1% gain), Species800 to 80.9% (4.6% gain), and JNLPBA to 81.3% (5.2% gain)."
    levels = [c for c in extractor.extract(sentence)[0] if c.kind == "score"]
    assert [(c.value, c.metric) for c in levels] == [(93.7, None), (80.9, None), (81.3, None)]


def test_a_second_by_of_one_comparison_shares_its_baseline(extractor):
    sentence = ("GraphMem improves over the strongest baseline by 12.2% and 4.7% on static tasks, "
                "and by 21.4% and 12.7% in agentic environments.")
    assert [c.baseline for c in extractor.extract(sentence)[0]] == ["the strongest baseline"] * 4


@pytest.mark.parametrize("sentence, kinds", [
    # a percentage after a determiner is what the noun after it has: a level, even after "surpassing"
    ("LLMs reach 92% accuracy, surpassing the 72% ceiling set by experienced lawyers.", ["score", "score"]),
    ("It reaches 94.9%, surpassing the 94.1% state of the art.", ["score", "score"]),
    ("We obtain a 97.19% alignment accuracy and a 77.52% win rate.", ["score", "score"]),
    # unless that noun is a change, or is left out
    ("It yields a 17% improvement in F1 and a 14.7% for where-roles over GPT-4o.", ["delta", "delta"]),
    ("There is an 8% and 13% increase in inference time.", ["delta", "delta"]),
    ("It surpasses the judge by 4.8% and exhibits a 5.1% stronger scaling trend.", ["delta", "delta"]),
])
def test_a_percentage_after_a_determiner_is_what_its_noun_has(extractor, sentence, kinds):
    assert [c.kind for c in extractor.extract(sentence)[0]] == kinds


@pytest.mark.parametrize("sentence, names", [
    # a vocabulary name written in another case is the name where the case makes no other word of it
    ("Training on all labeled data of Librispeech gives a WER of 1.5%.", ["Librispeech"]),
    ("We gain 3.2 points on HotPotQA and 1.1% on Imagenet-1k.", ["HotPotQA", "Imagenet-1k"]),
    # but not an English word ("math", "kinetics"), nor a system named like one (SuperGlue, a matcher)
    ("The math of kinetics gives 5% more.", []),
    ("Matching with SuperGlue improves the pose AUC by 2%.", []),
    # a kind introduced, then its name after a comma
    ("We run experiments on the newly released pose estimation benchmark, PoseTrack, to validate our design.",
     ["PoseTrack"]),
    ("A novel dataset, QID, is constructed for this purpose.", ["QID"]),
    # a comma after a kind that is not introduced starts something else
    ("On the validation dataset, MobileNetV2, and ViT excel.", []),
    # a kind written in capitals is part of the name
    ("Our corpus extends the Ubuntu Dialogue Corpus and the Swiss Parliaments Corpus.",
     ["Ubuntu Dialogue Corpus", "Swiss Parliaments Corpus"]),
    # unless the name defines a short form, which the paper then uses
    ("We introduce the Finance Massive Text Embedding Benchmark (FinMTEB) with 64 datasets.", ["FinMTEB"]),
])
def test_benchmark_names_found_by_how_they_are_written(extractor, sentence, names):
    assert [m.text for m in extractor.extract(sentence)[1] if m.label == "BENCHMARK"] == names


def test_sizes_in_brackets_after_a_property_of_a_kind_are_the_kinds(extractor):
    """"LLMs of different scales (1B to 7B)": the scales are the LLMs'."""
    claims = extractor.extract("We train LLMs of different scales (1B to 7B parameters) on the corpus.")[0]
    assert [(c.kind, c.subject) for c in claims] == [("model_size", "LLMs")]


@pytest.mark.parametrize("text, metric", [
    # decibels measure PSNR in an abstract that writes PSNR; elsewhere the unit names no dimension
    ("Our model reaches a PSNR of 31.2 dB on Set5, 0.4 dB above the best baseline.", "psnr"),
    ("Our method is +2.59 dB more accurate than the best baseline.", None),
    ("It improves received signal strength by 23 dB on average.", "received signal strength"),
])
def test_decibels_imply_psnr_only_where_it_is_written(extractor, text, metric):
    assert extractor.extract(text)[0][-1].metric == metric


@pytest.mark.parametrize("text, metric", [
    # the measure named before "of" says more than the dimension the unit implies
    ("The new protocol reaches a transmission distance of 450 km without phase tracking.", "transmission distance"),
    ("It runs with an end-to-end inference time of 13.4 ms per page.", "end-to-end inference time"),
    ("The model has a memory footprint of 3.2 GB.", "memory footprint"),
    # unless it is vague, or the implied measure with words around it
    ("It achieves real-time performance of 37 FPS on a laptop.", "speed"),
    ("It preserves quality with an average PSNR of 38.96 dB on the test set.", "psnr"),
])
def test_a_measure_named_before_of_is_what_a_unit_measures(extractor, text, metric):
    assert extractor.extract(text)[0][-1].metric == metric


def test_a_letter_before_a_metric_acronym_names_a_variant_of_it(extractor):
    # rFID and gFID (reconstruction and generation FID) score bare numbers as FID does; "RFID" is no metric
    claims, _ = extractor.extract("It sets a benchmark in reconstruction (rFID 0.08) and reaches a gFID of 1.92 "
                                  "on ImageNet. We deploy RFID tags at 0.5 m spacing.")
    assert [(c.value, c.metric) for c in claims if c.kind == "score"] == [(0.08, "rfid"), (1.92, "gfid")]


@pytest.mark.parametrize("sentence, compared", [
    # a bare number a comparison sets beside a score read without unit is a score on its metric, another system's
    ("It wins, reaching 28.5 BLEU from English against 17.3 after CPT.", (17.3, "bleu", "CPT")),
    ("Our model achieves an F1 of 0.91, compared with 0.85 for BERT.", (0.85, "f1", "BERT")),
    ("DeltaNet reaches an F1 score of 58.84, compared to 39.28 for the tokenizer.", (39.28, "f1", None)),
    # the level in brackets of what a score outperforms
    ("Our best model achieved an F1-score of 0.852, outperforming the baseline EVA-02 model (0.848).",
     (0.848, "f1-score", "the baseline EVA-02 model")),
])
def test_a_number_compared_with_a_score_is_a_score_of_another_system(extractor, sentence, compared):
    claims, _ = extractor.extract(sentence)
    assert [(c.value, c.metric, c.subject) for c in claims][1] == compared


@pytest.mark.parametrize("sentence, value", [
    # a correlation named by its statistic scores the bare number after it
    ("The score tracks accuracy (Pearson r = 0.93) on HotpotQA.", 0.93),
    ("It preserves ranking consistency (Spearman's rho 0.99).", 0.99),
])
def test_a_correlation_named_by_its_statistic_scores_a_bare_number(extractor, sentence, value):
    claims, _ = extractor.extract(sentence)
    assert [(c.value, c.kind) for c in claims] == [(value, "score")]


@pytest.mark.parametrize("sentence, metrics", [
    # a metric said to be spent less of is a cost beside the result, not what the numbers measure
    ("It achieves top performance in mIoU with fewer parameters on the UPLight (92.45%) and ZJU (92.7%) datasets.",
     ["miou", "miou"]),
    # unless the number is its own
    ("It matches the baseline with significantly fewer parameters (9.3%).", ["parameters"]),
])
def test_a_metric_spent_less_of_is_no_nearby_numbers_measure(extractor, sentence, metrics):
    assert [c.metric for c in extractor.extract(sentence)[0]] == metrics


@pytest.mark.parametrize("sentence, subjects", [
    # a level in brackets after a compared system is that system's, a name with digits too
    ("Our model reaches 72.4% accuracy, outperforming GPT-4o (61.0%) and Claude-3.5 (58.2%).",
     [None, "GPT-4o", "Claude-3.5"]),
    # after the words that introduce it ("such as", "followed by", "like")
    ("Our model achieves 40.1% top-1 accuracy, outperforming baselines such as E5-Mistral-7B-Instruct (15.0%).",
     [None, "E5-Mistral-7B-Instruct"]),
    ("On e-NDP, Co-DETR achieves 0.752 mAP, closely followed by YOLOv11X-OBB (0.721).", ["Co-DETR", "YOLOv11X-OBB"]),
])
def test_a_bracketed_level_belongs_to_the_system_before_it(extractor, sentence, subjects):
    assert [c.subject for c in extractor.extract(sentence)[0]] == subjects


def test_score_used_as_a_verb_names_no_metric(extractor):
    # "humans score 97%": a plural, then "score" as its verb; what is measured, the sentence says elsewhere
    claims, _ = extractor.extract("The strongest model attains roughly 30% accuracy, while humans score 97%.")
    assert [(c.value, c.metric) for c in claims] == [(30.0, "accuracy"), (97.0, "accuracy")]
    assert [c.metric for c in extractor.extract("Human experts score 92.1% on the hardest split.")[0]] == [None]


@pytest.mark.parametrize("text, read", [
    # a bare unit names its dimension only: seconds a time, gigabytes a memory (a GPU's, a model's or a corpus's)
    ("Snapmoji converts a selfie to an avatar in just 0.9 seconds.", [(0.9, "s", "time")]),
    ("Q-GaLore trains a 7B model from scratch with only 16 GB memory.", [(16.0, "GB", "memory")]),
    # a decade is no duration
    ("Introduced in the 1970s, such algebras refine beliefs.", []),
])
def test_a_bare_unit_names_its_dimension_only(extractor, text, read):
    assert [(c.value, c.unit, c.metric) for c in extractor.extract(text)[0] if c.unit in ("s", "GB")] == read
