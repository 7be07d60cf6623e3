"""Rules that read model sizes and data sizes and decide whose they are (issue 12).

Most cases are sentences the extractor read wrongly before their rule: a size it missed, a
number it took for a size, or a role it got wrong.  A few (11, such as "a 1.3B parameter GPT-3
XL model", "takes only 8 GPUs", "a state-of-the-art model on 1T tokens") were read right before
and guard against a new rule reaching too far.  The role gold (tests/test_fact_roles.py)
measures the rules on real abstracts; these tests pin each rule on a sentence of its own.
"""

from __future__ import annotations

import pytest

from generator.extract import extract_facts
from generator.extract.own_names import is_own_name, own_names
from generator.extract.vocabulary import load_vocabulary
from generator.model import Fact

TITLE = "A Study of Things"


def found(abstract: str, field: str, title: str = TITLE) -> list[tuple[float, str | None]]:
    """(value, role) of each fact of ``field``, in order."""
    return [(float(fact.value), fact.role) for fact in extract_facts(title, abstract)[field] if _numeric(fact)]


def units(abstract: str) -> list[tuple[float, str | None]]:
    return [(float(fact.value), fact.unit) for fact in extract_facts(TITLE, abstract)["data_scale"] if _numeric(fact)]


def _numeric(fact: Fact) -> bool:
    return isinstance(fact.value, int | float) and not isinstance(fact.value, bool)


# --- Reading sizes ---------------------------------------------------------------------------


def test_a_size_after_the_papers_own_name_is_its_model() -> None:
    sentence = "Specifically, Pensez 7B exhibits an increase in accuracy of the base model."
    assert found(sentence, "parameters", "Pensez: Less Data, Better Reasoning") == [(7e9, "own")]
    # Another paper's name there is no model this paper knows of: nothing is read.
    assert found(sentence, "parameters", "Some Other Paper") == []


def test_sizes_listed_after_the_papers_own_name_are_its_models() -> None:
    abstract = "Pensez (7B) is good. Pensez 7B and 13B are better."
    assert found(abstract, "parameters", "Pensez: Less Data") == [(7e9, "own"), (1.3e10, "own")]


def test_a_size_glued_to_the_papers_own_name_is_own_not_a_base() -> None:
    sentence = "Mamba-2.8B matches Transformers twice its size."
    assert found(sentence, "parameters", "Mamba: Linear-Time Sequence Modeling") == [(2.8e9, "own")]
    assert found("We present Foo-VL-7B, a vision-language model.", "parameters") == [(7e9, "own")]


def test_own_names_come_from_the_title_and_introductions_but_not_from_datasets() -> None:
    models = load_vocabulary().models
    assert own_names("Pensez: Less Data", "", models) == ("Pensez",)
    assert own_names("Scaling Laws for Things", "", models) == ()
    assert own_names("InfiMM-WebMath-40B: A Corpus", "", models) == ()  # the size names a dataset
    assert own_names("PIN: A Knowledge-Intensive Dataset", "", models) == ()
    assert own_names("X", "We present PIN-14M, an open-source dataset of 14 million samples.", models) == ()
    assert own_names("X", "We introduce FooBar2, a family of models.", models) == ("FooBar2",)
    assert own_names("X", "We introduce LLaMA-Adapter, a method.", models) == ()  # a known family
    assert is_own_name("Flan-UL2", ("UL2",)) and is_own_name("GLM-4.1V", ("GLM-4.1V-Thinking",))
    assert not is_own_name("Llama", ("Llama-Adapter",))


def test_a_list_with_slashes_shares_its_last_magnitude_and_sized_is_not_an_adjective_of_nothing() -> None:
    sentence = "We corroborate our theory empirically on 3/8/32B-sized pre-trained LLMs."
    assert [value for value, _ in found(sentence, "parameters")] == [3e9, 8e9, 32e9]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("In this study, we utilize 283,582 unique, unlabeled TikTok video clips.", [(283582.0, "videos")]),
    ("Participants could submit to a 10M-word text-only track.", [(1e7, "words")]),
    ("We build a 1M-image dataset.", [(1e6, "images")]),
    ("We train on 30,000+ images collected from the web.", [(30000.0, "images")]),
    ("Our dataset consists of 500,000 question-answer pairs.", [(500000.0, "examples")]),
    ("The dataset contains 200k+ image-instruction pairs.", [(200000.0, "image-text pairs")]),
    ("We gather 40K GPT-4 generated conversations.", [(40000.0, "conversations")]),
    ("We fine-tune on 52K instruction-following demonstrations.", [(52000.0, "examples")]),
    ("Our dataset has 20 million 3D objects.", [(2e7, "objects")]),
    ("We collect 3TB of code from GitHub.", [(3e12, "bytes")]),
    ("We collect half a million images.", [(5e5, "images")]),
    ("We build a dataset of 12,000 annotated radiology reports.", [(12000.0, "documents")]),
    ("Our dataset contains 10M+ high-quality image\u2013text pairs.", [(1e7, "image-text pairs")]),
    ("We obtain 1.1 million synthetic reasoning traces.", [(1.1e6, "examples")]),
])
def test_data_sizes_written_in_more_ways(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert units(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("We distill knowledge from a 70B teacher.", [(7e10, "other")]),
    ("The labels come from Llama-3-70B as the judge.", [(7e10, "other")]),
    ("We pre-train Foo at the 1B and 7B scales.", [(1e9, "own"), (7e9, "own")]),
    ("We scale the model to 1.5B.", [(1.5e9, "own")]),
    ("Our 2B encoder processes images.", [(2e9, "own")]),
    ("We train a family of models (70M-12B).", [(7e7, "own"), (1.2e10, "own")]),
])
def test_model_sizes_written_in_more_ways(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence, "parameters") == expected
    assert found(sentence, "data_scale") == []


@pytest.mark.parametrize(("sentence", "field"), [
    ("Our findings reveal that SFT dominates in low-data regimes (<1,000 annotated examples).", "data_scale"),
    ("We build a collection of over four million image-text pairs across more than 100K objects.", "data_scale"),
    ("It gains 2.46% over full fine-tuning while only fine-tuning about 0.3M parameters.", "parameters"),
    ("The adapter adds 0.3M trainable parameters.", "parameters"),
])
def test_thresholds_coverage_and_tuned_parameter_counts_are_no_sizes(sentence: str, field: str) -> None:
    values = [value for value, _ in found(sentence, field)]
    assert 1000.0 not in values and 100000.0 not in values and 300000.0 not in values


# --- Deciding roles --------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "field", "expected"), [
    # A worked example: nobody's model and nobody's data.
    ("For example, training a one trillion parameter GPT-style model on 20 trillion tokens requires "
     "120 million exaflops.", "data_scale", [(2e13, "other")]),
    ("For example, training a one trillion parameter GPT-style model on 20 trillion tokens requires "
     "120 million exaflops.", "parameters", [(1e12, "other")]),
    ("Training a 7B model with our method takes only 8 GPUs.", "parameters", [(7e9, "own")]),
    # A systems paper reports how fast it runs a model: the model is its base.
    ("Our approach allows us to perform training iterations on a model with 1 trillion parameters "
     "at 502 petaFLOP/s on 3072 GPUs.", "parameters", [(1e12, "base")]),
    ("For 22 Billion and 175 Billion parameters, we achieved GPU throughputs of 38% and 36%.",
     "parameters", [(2.2e10, "base"), (1.75e11, "base")]),
    # "we" or "our" before another model's checkpoint name: the model the paper uses.
    ("We use Llama-2-7B as the backbone.", "parameters", [(7e9, "base")]),
    ("We demonstrate the efficacy of our methodology with models up to 2.7B.", "parameters", [(2.7e9, "base")]),
    # ... but a size before an architecture's name is a model of that architecture (a guard: this
    # one was right before the rule above, which must not break it).
    ("We show that we can induce 75% sparsity into a 1.3B parameter GPT-3 XL model.", "parameters",
     [(1.3e9, "own")]),
    ("The system enables efficient 100B huge model fine-tuning on a single GPU.", "parameters", [(1e11, "base")]),
    ("The data is generated by Llama-3-70B and filtered.", "parameters", [(7e10, "other")]),
    ("We score outputs with Llama-3-70B as the judge.", "parameters", [(7e10, "other")]),
    ("We discover a new 1B model that surpasses LLaMA-3.2-1B.", "parameters", [(1e9, "own"), (1e9, "compared")]),
    ("Our strategies match the re-training baseline for a 10B parameter LLM.", "parameters", [(1e10, "own")]),
    ("Our 1.3B model performs as well as a 7B Transformer.", "parameters", [(1.3e9, "own"), (7e9, "compared")]),
    ("It lags behind a 70B model.", "parameters", [(7e10, "compared")]),
    ("We train on close to 1T tokens.", "data_scale", [(1e12, "own")]),
    # Data: other people's datasets, a base model's pre-training data.
    ("Existing datasets contain only 10K images.", "data_scale", [(1e4, "other")]),
    ("We use 10B tokens instead of 100B tokens.", "data_scale", [(1e10, "own"), (1e11, "compared")]),
    ("We fine-tune Llama-2 7B, which was pre-trained on 2T tokens, on 10K examples.", "data_scale",
     [(2e12, "base"), (1e4, "own")]),
    ("LLMs are usually trained on 15T tokens.", "data_scale", [(1.5e13, "other")]),
    ("We train a state-of-the-art model on 1T tokens.", "data_scale", [(1e12, "own")]),
    # Data the paper annotates is its own; a model that annotates is someone else's.
    ("We annotate 15k videos with dense captions.", "data_scale", [(15000.0, "own")]),
    ("Labels come from an annotator (Llama-3 70B).", "parameters", [(7e10, "other")]),
    ("We evaluate on 1,000 questions from the test set.", "data_scale", [(1e3, "other")]),
    ("We gain accuracy on the LM Evaluation Harness with 1B tokens.", "data_scale", [(1e9, "own")]),
    # Sizes listed after a checkpoint's name share its role, whatever the list's punctuation.
    ("Llama-2 7B and 13B outperform the rest.", "parameters", [(7e9, "base"), (1.3e10, "base")]),
    ("Qwen2.5-7B/14B/72B are strong.", "parameters", [(7e9, "base"), (1.4e10, "base"), (7.2e10, "base")]),
    ("Our resulting Foo 7B model beats the rest.", "parameters", [(7e9, "own")]),
    ("We use Foo 7B models.", "parameters", [(7e9, "base")]),
    ("The resulting LM (22.4B total parameters) performs well.", "parameters", [(2.24e10, "own")]),
    # What pruning or growing yields is the paper's own; what it starts from is its base.
    ("We prune Llama-2-7B down to 1.3B and 2.7B parameters.", "parameters",
     [(7e9, "base"), (1.3e9, "own"), (2.7e9, "own")]),
    ("We grow a 1B model into a 7B model.", "parameters", [(1e9, "base"), (7e9, "own")]),
])
def test_roles(sentence: str, field: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence, field) == expected


def test_a_size_stated_as_own_and_as_a_base_is_two_facts() -> None:
    abstract = ("We conduct experiments on Pythia-1B. "
                "We release CodeGen2 models in size 1B, 3.7B, 7B, and 16B parameters.")
    assert found(abstract, "parameters", "CodeGen2: Lessons") == [
        (1e9, "base"), (1e9, "own"), (3.7e9, "own"), (7e9, "own"), (1.6e10, "own")]


def test_a_bare_size_the_paper_states_as_its_own_elsewhere_is_its_own() -> None:
    # "2B models" without a name refers back to the paper's own 2B model, even after "experiments on".
    abstract = "We run experiments on 2B models to pick the data mix. We then train and release Quill 2B and 9B."
    assert found(abstract, "parameters", "Quill: Open Models") == [(2e9, "own"), (9e9, "own")]
    # Without an own 2B elsewhere, the same words are a base the paper experiments on.
    assert found("We run experiments on 2B models to pick the data mix.", "parameters") == [(2e9, "base")]


def test_an_annotating_checkpoint_compared_later_stays_a_tool() -> None:
    abstract = ("Labels were produced with Qwen2-72B, selected for annotation after a pilot. "
                "Surprisingly, large models like Qwen2-72B transfer better than fine-tuned encoders.")
    assert found(abstract, "parameters") == [(7.2e10, "other")]
    # A checkpoint the paper only compares with stays compared.
    assert found("Large models like Qwen2-72B transfer better than fine-tuned encoders.", "parameters") == [
        (7.2e10, "compared")]


def test_a_cue_word_inside_a_name_is_no_cue() -> None:
    # "Pruner" in "Adapt-Pruner" does not say the model was pruned.
    assert found("Additionally, Adapt-Pruner restores a 125M model.", "parameters") == [(1.25e8, "own")]
    assert found("Additionally, the pruner restores a 125M model.", "parameters") == [(1.25e8, "base")]


def test_well_known_datasets_carry_their_size() -> None:
    assert units("We pre-train on JFT-300M and COYO-700M.") == [(3e8, "images"), (7e8, "image-text pairs")]


@pytest.mark.parametrize(("title", "abstract", "expected"), [
    ("A Survey of Large Language Models", "Models have grown to 540B parameters.", [(5.4e11, "other")]),
    ("FooServe: A System for Serving LLMs", "We present FooServe, a serving system. FooServe serves 70B models "
     "on 8 GPUs with low latency.", [(7e10, "base")]),
    ("A Survey of Large Language Models", "The largest corpora reach 15T tokens.", []),
    # "we" says who speaks, not whose model: a benchmark's authors evaluate others' models.
    ("FooBench: A Benchmark for Evaluating LLM Agents", "We find that even 70B models fail on FooBench.",
     [(7e10, "base")]),
    # A cue still decides: the survey's authors train a model of their own.
    ("A Survey of Large Language Models", "We also train a 7B model.", [(7e9, "own")]),
])
def test_an_unexplained_size_takes_the_role_the_papers_kind_gives(title: str, abstract: str,
                                                                   expected: list[tuple[float, str]]) -> None:
    assert found(abstract, "parameters", title) == expected


def test_an_unexplained_data_size_in_a_survey_is_other() -> None:
    assert found("The largest corpora reach 15T tokens.", "data_scale", "A Survey of Large Language Models") == [
        (1.5e13, "other")]


# --- Rules added with the gold extension (tuned on the tune half and on these sentences) -------


@pytest.mark.parametrize(("sentence", "field"), [
    # A bound on a class of datasets or models is a regime, not a size.
    ("However, large-scale instruction sets with more than 100k samples incur significant training overhead.",
     "data_scale"),
    ("LLMs with over 100B parameters are hard to serve.", "parameters"),
    # An order of magnitude hedged once more is vague ("~billion").
    ("The general ability is enhanced with about a thousand samples and improves slowly.", "data_scale"),
    # Counts of kinds of task are no data sizes.
    ("We evaluate across 120 diverse tasks.", "data_scale"),
])
def test_regimes_hedged_orders_of_magnitude_and_task_kinds_are_no_sizes(sentence: str, field: str) -> None:
    assert found(sentence, field) == []


@pytest.mark.parametrize(("sentence", "field", "expected"), [
    # The paper speaking makes the same words its own data, not a regime.
    ("We build datasets with more than 100k samples.", "data_scale", [(1e5, "own")]),
    # A precise amount after "about" is still a size.
    ("We train on about 1T tokens.", "data_scale", [(1e12, "own")]),
    # Thousands of tasks are the items of a benchmark; made by the paper's system, they are its own.
    ("We evaluated 23 LLMs on 5,000 tasks across 100 domains created by our generator.", "data_scale", [(5e3, "own")]),
    ("We evaluate on 5,000 tasks from an existing suite.", "data_scale", [(5e3, "other")]),
    # A model the sentence goes on to select or use for annotation is an annotator.
    ("GPT-4 and Llama3-405B were evaluated, with GPT-4 selected for training data annotation.", "parameters",
     [(4.05e11, "other")]),
    ("We evaluate Llama3-405B on the test set.", "parameters", [(4.05e11, "base")]),
    # Distilling one model into another: the first is the teacher, the second the paper's student.
    ("We distill Llama-2-70B into a 7B student.", "parameters", [(7e10, "other"), (7e9, "own")]),
    ("With a 70B teacher and a 1B student, we distill on 20B tokens.", "parameters",
     [(7e10, "other"), (1e9, "own")]),
    ("We distill GPT-4 into a Llama-2-7B student.", "parameters", [(7e9, "base")]),
    # "Unlike" compares; a size in brackets after a model's name is that model's.
    ("Unlike Chinchilla (70B), our 30B model is trained on 3T tokens.", "parameters",
     [(7e10, "compared"), (3e10, "own")]),
    ("We instruction-tune Flan-T5-XL (3B) on 100K examples.", "parameters", [(3e9, "base")]),
    ("We train our model (7B) from scratch.", "parameters", [(7e9, "own")]),
    # A named model's pre-training data is a base's data, even without a version in the name.
    ("CLIP, trained on 400M image-text pairs, serves as our backbone.", "data_scale", [(4e8, "base")]),
    ("Our model, trained on 400M image-text pairs, is strong.", "data_scale", [(4e8, "own")]),
])
def test_roles_added_with_the_gold_extension(sentence: str, field: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence, field) == expected


def test_data_made_by_the_papers_own_named_system_is_its_own() -> None:
    sentence = "We evaluated 23 LLMs on 5,000 tasks across 100 domains created by KUMO."
    assert found(sentence, "data_scale", "KUMO: Generative Evaluation") == [(5e3, "own")]
    assert found(sentence, "data_scale", "Some Other Paper") == [(5e3, "other")]


# --- Rules added from the tune half's last errors ---------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    # What pruning, distilling or compressing another model yields is the paper's, even in a name.
    ("Our recipe recovers MobileLLM-350M to 700M quality via pruning from bigger siblings.",
     [(3.5e8, "own"), (7e8, "own")]),
    ("Pythia-160M, distilled from a larger sibling, keeps its accuracy.", [(1.6e8, "own")]),
    # Without that later clause a checkpoint's name still makes the size a base.
    ("Our recipe recovers MobileLLM-350M quality on reading tasks.", [(3.5e8, "base")]),
    # "via pruning" right after the size says how it was obtained, not that it is pruned further.
    ("Then MobileLLM-350M via pruning beats the rest.", [(3.5e8, "own")]),
    ("We study 100B model pruning on one GPU.", [(1e11, "base")]),
    # The model pruned from stays a base.
    ("A 1.3B model pruned from Llama-2-7B keeps most of its skill.", [(1.3e9, "own"), (7e9, "base")]),
])
def test_what_pruning_yields_is_own_when_the_clause_says_so_later(sentence: str,
                                                                  expected: list[tuple[float, str]]) -> None:
    assert found(sentence, "parameters") == expected


def test_a_composed_size_is_two_sizes_of_the_papers_model_not_a_range_or_a_checkpoint() -> None:
    # "Gemma 4B-1B": an encoder of 4B and a decoder of 1B, the paper's composition.
    assert found("In this study, Gemma 4B-1B beats Gemma 1B-1B on summarisation.", "parameters") == [
        (4e9, "own"), (1e9, "own"), (1e9, "compared")]
    # An ascending pair after a name is a range of another family's checkpoints.
    assert found("Pythia 70M-12B serve as reference points.", "parameters") == [(7e7, "base"), (1.2e10, "base")]


@pytest.mark.parametrize(("sentence", "expected"), [
    # A bare scale word after a verb acting on models is one of that scale.
    ("The engine lets a single server fine-tune trillion parameter models.", [(1e12, "base")]),
    ("We train billion-parameter models on laptops.", [(1e9, "own")]),
])
def test_a_bare_scale_word_after_a_verb_on_models_is_a_size(sentence: str, expected: list[tuple[float, str]]) -> None:
    assert found(sentence, "parameters") == expected


@pytest.mark.parametrize("sentence", [
    "Billion-parameter models are costly to train.",  # a class of models, no verb acting on one
    "Such models have hundreds of billions of parameters.",
    "These models are large (~billion parameters).",
])
def test_a_bare_scale_word_elsewhere_is_no_size(sentence: str) -> None:
    assert found(sentence, "parameters") == []
