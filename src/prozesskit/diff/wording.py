"""German words for BPMN element types and compared properties.

The diff's data carries BPMN's own names (``userTask``, ``conditionExpression``); users
read German. Kept apart from the comparison so that renderers and the diff share one
vocabulary and a reviewer can check the terms in one place.
"""

from __future__ import annotations

from typing import Final

TYPE_NAMES: Final[dict[str, str]] = {
    "task": "Aufgabe",
    "userTask": "Benutzeraufgabe",
    "serviceTask": "Serviceaufgabe",
    "sendTask": "Sendeaufgabe",
    "receiveTask": "Empfangsaufgabe",
    "manualTask": "Manuelle Aufgabe",
    "businessRuleTask": "Geschäftsregelaufgabe",
    "scriptTask": "Skriptaufgabe",
    "subProcess": "Teilprozess",
    "adHocSubProcess": "Ad-hoc-Teilprozess",
    "transaction": "Transaktion",
    "callActivity": "Aufrufaktivität",
    "startEvent": "Startereignis",
    "endEvent": "Endereignis",
    "intermediateCatchEvent": "Zwischenereignis (eintretend)",
    "intermediateThrowEvent": "Zwischenereignis (auslösend)",
    "implicitThrowEvent": "Zwischenereignis (auslösend)",
    "boundaryEvent": "Angeheftetes Ereignis",
    "exclusiveGateway": "Exklusives Gateway",
    "inclusiveGateway": "Inklusives Gateway",
    "parallelGateway": "Paralleles Gateway",
    "complexGateway": "Komplexes Gateway",
    "eventBasedGateway": "Ereignisbasiertes Gateway",
    "sequenceFlow": "Sequenzfluss",
    "messageFlow": "Nachrichtenfluss",
    "participant": "Pool",
    "lane": "Lane",
    "process": "Prozess",
    "collaboration": "Kollaboration",
    "dataObject": "Datenobjekt",
    "dataObjectReference": "Datenobjekt",
    "dataStoreReference": "Datenspeicher",
    "dataStore": "Datenspeicher (Definition)",
    "dataInput": "Dateneingabe",
    "dataOutput": "Datenausgabe",
    "dataInputAssociation": "Datenfluss (Eingang)",
    "dataOutputAssociation": "Datenfluss (Ausgang)",
    "textAnnotation": "Textanmerkung",
    "association": "Assoziation",
    "group": "Gruppe",
    "message": "Nachricht",
    "signal": "Signal",
    "error": "Fehler",
    "escalation": "Eskalation",
    "category": "Kategorie",
    "itemDefinition": "Datentyp",
    "interface": "Schnittstelle",
    "conversation": "Konversation",
    "subConversation": "Teilkonversation",
    "callConversation": "Aufgerufene Konversation",
    "globalConversation": "Globale Konversation",
    "conversationLink": "Konversationsverbindung",
    "categoryValue": "Kategoriewert",
    "resource": "Ressource",
    "resourceRole": "Ressourcenrolle",
    "performer": "Ausführende Rolle",
    "humanPerformer": "Ausführende Person",
    "potentialOwner": "Mögliche Bearbeitung",
    "globalTask": "Globale Aufgabe",
    "globalUserTask": "Globale Benutzeraufgabe",
    "globalManualTask": "Globale manuelle Aufgabe",
    "globalScriptTask": "Globale Skriptaufgabe",
    "globalBusinessRuleTask": "Globale Geschäftsregelaufgabe",
    "choreography": "Choreographie",
    "choreographyTask": "Choreographie-Aufgabe",
    "subChoreography": "Teilchoreographie",
    "callChoreography": "Aufgerufene Choreographie",
    "correlationProperty": "Korrelationseigenschaft",
    "correlationKey": "Korrelationsschlüssel",
    "partnerEntity": "Partner (Organisation)",
    "partnerRole": "Partnerrolle",
    "endPoint": "Endpunkt",
    "operation": "Operation",
    "inputSet": "Eingabemenge",
    "outputSet": "Ausgabemenge",
    "ioSpecification": "Ein- und Ausgaben",
    "property": "Eigenschaft",
    "extension": "Erweiterung",
    "messageEventDefinition": "Nachrichtendefinition",
    "timerEventDefinition": "Zeitgeberdefinition",
    "errorEventDefinition": "Fehlerdefinition",
    "escalationEventDefinition": "Eskalationsdefinition",
    "cancelEventDefinition": "Abbruchdefinition",
    "compensateEventDefinition": "Kompensationsdefinition",
    "conditionalEventDefinition": "Bedingungsdefinition",
    "linkEventDefinition": "Link-Definition",
    "signalEventDefinition": "Signaldefinition",
    "terminateEventDefinition": "Terminierungsdefinition",
}

EVENT_KINDS: Final[dict[str, str]] = {
    "messageEventDefinition": "Nachricht",
    "timerEventDefinition": "Zeitgeber",
    "errorEventDefinition": "Fehler",
    "escalationEventDefinition": "Eskalation",
    "cancelEventDefinition": "Abbruch",
    "compensateEventDefinition": "Kompensation",
    "conditionalEventDefinition": "Bedingung",
    "linkEventDefinition": "Link",
    "signalEventDefinition": "Signal",
    "terminateEventDefinition": "Terminierung",
}

#: property key → German label; keys not listed are shown as "Eigenschaft 'key'"
PROPERTY_LABELS: Final[dict[str, str]] = {
    "elementType": "Typ",
    "name": "Name",
    "documentation": "Dokumentation",
    "lane": "Verantwortung",
    "pool": "Verantwortung",
    "parentElement": "Teil von",
    "parentLane": "Übergeordnete Lane",
    "sourceRef": "Quelle",
    "targetRef": "Ziel",
    "default": "Standardfluss",
    "conditionExpression": "Bedingung",
    "conditionExpression@language": "Sprache der Bedingung",
    "eventDefinitions": "Ereignisart",
    "timerEventDefinition/timeDuration": "Zeitgeber (Dauer)",
    "timerEventDefinition/timeDate": "Zeitgeber (Zeitpunkt)",
    "timerEventDefinition/timeCycle": "Zeitgeber (Zyklus)",
    "messageEventDefinition@messageRef": "Nachricht",
    "signalEventDefinition@signalRef": "Signal",
    "errorEventDefinition@errorRef": "Fehler",
    "escalationEventDefinition@escalationRef": "Eskalation",
    "conditionalEventDefinition/condition": "Bedingung des Ereignisses",
    "linkEventDefinition@name": "Link-Name",
    "attachedToRef": "Angeheftet an",
    "cancelActivity": "Unterbricht die Aktivität",
    "isInterrupting": "Unterbrechend",
    "gatewayDirection": "Gateway-Richtung",
    "processRef": "Prozess",
    "calledElement": "Aufgerufenes Element",
    "isExecutable": "Ausführbar",
    "text": "Text",
    "messageRef": "Nachricht",
    "dataObjectRef": "Datenobjekt",
    "dataStoreRef": "Datenspeicher",
    "standardLoopCharacteristics": "Schleife",
    "multiInstanceLoopCharacteristics": "Mehrfachausführung",
    "multiInstanceLoopCharacteristics@isSequential": "Mehrfachausführung nacheinander",
    "isForCompensation": "Kompensation",
    "triggeredByEvent": "Ereignis-Teilprozess",
    "instantiate": "Startet den Prozess",
    "eventGatewayType": "Art des ereignisbasierten Gateways",
    "completionQuantity": "Abschlussmenge",
    "startQuantity": "Startmenge",
    "implementation": "Implementierung",
    "itemSubjectRef": "Datentyp",
    "structureRef": "Struktur",
    "errorCode": "Fehlercode",
    "escalationCode": "Eskalationscode",
}


def type_name(kind: str) -> str:
    """``Aufgabe`` for ``task``; a type the table lacks (a vendor's extension element) is
    named as an element, so that its English name does not read as a German word."""
    name = TYPE_NAMES.get(kind)
    return name if name is not None else f"Element <{kind}>"


def property_label(key: str) -> str:
    label = PROPERTY_LABELS.get(key)
    if label is not None:
        return label
    return f"Eigenschaft '{key}'"


def event_kinds(kinds: str) -> str:
    """``timerEventDefinition messageEventDefinition`` → ``Zeitgeber, Nachricht``."""
    return ", ".join(EVENT_KINDS.get(kind, kind) for kind in kinds.split())
