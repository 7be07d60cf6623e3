"""Modality: the kind of data a paper is about (text, code, vision, video, speech, graphs, 3D ...).

Weighted cue phrases in the title (which count three times) and the abstract's opening
score each modality.  Language models are everywhere, as tools and baselines, so a more
specific modality wins when it is a real theme of the paper; "vision-language" needs a
strong score of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.extract.analysis import Analysis
from generator.extract.cues import CueTable, Scores, cues, score_cues
from generator.extract.fact_field import CsvColumn, FactField, first_text, single
from generator.extract.sentences import Segment
from generator.model import Fact

MODALITIES = (
    "text",
    "code",
    "vision",
    "vision-language",
    "video",
    "speech/audio",
    "graph",
    "tabular",
    "time series",
    "3D",
    "other",
)

_CUES: CueTable = {
    "text": cues(
        (r"\b(?:language\s+model(?:s|ing|ling)?|LLMs?|LMs|NLP|natural\s+language|texts?|textual|translation|"
         r"question\s+answering|sentiment|summari[sz]ation|instruction[- ]tuning|tokens?|corpus|corpora|linguistic|"
         r"(?:multi|cross)-?lingual|words?|(?:dense|information|passage|document)\s+retrieval|retrievers?|documents|"
         r"queries|English|languages)\b", 1.0,
         "language llm lms nlp text translation question sentiment summari instruction token corpus corpora "
         "linguistic lingual word retrieval retriever document queries english"),
        (r"\b(?-i:GPT[\w.-]*|OPT|BERT|RoBERTa|T5|LLaMA|Llama|PaLM|Mistral|Qwen|Gemma|ChatGPT)\b", 1.0,
         "gpt opt bert t5 llama palm mistral qwen gemma"),
    ),
    "code": cues(
        (r"\b(?:code\s+(?:llms?|generation|completion|models?|language\s+models?|tasks?|processing|reasoning)|"
         r"models?\s+of\s+code|program\s+synthesis|programming\s+languages?|source\s+code|"
         r"software\s+(?:engineering|developers?)|HPC\s+code|code\s+data)\b", 2.5, "code program software"),
    ),
    "vision": cues(
        (r"\b(?:images?|computer\s+vision|visual|pixels?|segmentation|object\s+detection|detection|ViTs?|"
         r"vision\s+transformers?|convolutional|CNNs?|ResNets?|ImageNet|re-identification|re-ID|photorealistic|"
         r"super-resolution|inpainting|X-rays?|radiolog\w*|galax(?:y|ies)|surgical|backbones?)\b", 1.0,
         "image vision visual pixel segmentation detection vit convolutional cnn resnet re-id photorealistic "
         "super-resolution inpainting x-ray radiolog galax surgical backbone"),
        (r"\b(?:text-to-image|image\s+(?:generation|synthesis)|diffusion\s+models?)\b", 2.0, "image diffusion"),
    ),
    "vision-language": cues(
        (r"\b(?:vision[- ]language|language[- ]image|image[- ]text|text[- ]image|visual[- ]language|VLMs?|MLLMs?|"
         r"LMMs?|multi-?modal\s+(?:large\s+)?(?:language\s+)?models?|large\s+multimodal|visual\s+question|VQA|"
         r"captions?|captioning|CLIP|interleaved\s+image|images?\s+and\s+texts?|texts?\s+and\s+images?)\b", 2.0,
         "vision image visual vlm mllm lmm modal vqa caption clip"),  # not "language": too common
        (r"\b(?:multi-?modal|mixed-modal|cross-modal|early-fusion)\b", 1.0, "modal early-fusion"),
    ),
    "video": cues(
        (r"\b(?:videos?(?!\s+demo)|action\s+recognition|skeleton(?:-based)?\s+(?:sequences?|action|joints?)|"
         r"Minecraft|gameplay|spatio-temporal)\b", 2.0,
         "video recognition skeleton minecraft gameplay spatio-temporal"),
    ),
    "speech/audio": cues(
        (r"\b(?:speech|audio|spoken|ASR|TTS|voice|acoustic|sounds?|speakers?|music|audition)\b", 2.0,
         "speech audio spoken asr tts voice acoustic sound speaker music audition"),
    ),
    "graph": cues(
        (r"\b(?:graph\s+neural|GNNs?|node\s+classification|graph\s+(?:data|pre-?training|learning|representation)|"
         r"text-attributed\s+graphs?|graphons?|molecular\s+graphs?)\b", 2.5, "graph gnn node"),
    ),
    "tabular": cues((r"\b(?:tabular|spreadsheets?)\b", 3.0, "tabular spreadsheet")),
    "time series": cues((r"\b(?:time[- ]series|forecasting)\b", 2.5, "series forecasting")),
    "3D": cues(
        (r"\b(?:3D(?!\s+parallelism)|point\s+clouds?|LiDAR|meshes|Gaussian\s+splat\w*|NeRF|"
            r"radiance\s+fields?|voxels?)\b", 2.0, "3d cloud lidar meshes gaussian nerf radiance voxel"),
    ),
    "other": cues(
        (r"\b(?:proteins?|molecul\w+|DNA|RNA|genom\w*|chemical|drug|quantum\s+circuits?|robot\w*|enzyme\w*|"
         r"fMRI|EEG|brain|cortex)\b", 2.0,
         "protein molecul dna rna genom chemical drug quantum robot enzyme fmri eeg brain cortex"),
    ),
}
_TITLE_WEIGHT = 3.0
_MODALITY_MIN_SCORE = 3.0


def _modality(segments: Sequence[Segment]) -> Fact | None:
    scores: Scores = {}
    for segment in segments:
        score_cues(scores, segment, _CUES, _TITLE_WEIGHT if segment.is_title else 1.0)
    return _pick_modality(scores)


def _pick_modality(scores: Scores) -> Fact | None:
    def score(label: str) -> float:
        return scores.get(label, (0.0, None, None))[0]

    # Language models are everywhere (as tools, as baselines); a specific
    # modality wins when it is a real theme of the paper.
    specific = [label for label in MODALITIES if label not in ("text", "vision")]
    best_specific = max(specific, key=lambda label: (score(label), -MODALITIES.index(label)))
    vision_language = score("vision-language")
    if (
        vision_language >= _MODALITY_MIN_SCORE
        and vision_language >= 0.5 * score(best_specific)
        and vision_language >= 0.6 * score("vision")
    ):
        label = "vision-language"
    elif score(best_specific) >= max(_MODALITY_MIN_SCORE, 0.4 * max(score("text"), score("vision"))):
        label = best_specific
    elif score("vision") >= _MODALITY_MIN_SCORE and score("vision") >= score("text"):
        label = "vision"
    elif score("text") >= _MODALITY_MIN_SCORE:
        label = "text"
    else:
        return None
    _, segment, span = scores[label]
    if segment is None or span is None:
        return None
    return Fact(label, label, None, None, segment.text, span[0], span[1])


def extract(analysis: Analysis) -> tuple[Fact, ...]:
    return single(_modality(analysis.opening))


FIELD = FactField("modality", "Modality", many=False, position=20, extract=extract,
                  csv=CsvColumn("modality", first_text))
